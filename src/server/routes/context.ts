// What every route module gets: the database and the services built on it.
import type { SqliteDatabase } from '../../store/database.js';
import type { ApiRoutes } from '../api-route.js';
import type { CampaignRuns } from '../campaign-runs.js';
import type { LiveHub } from '../live-hub.js';
import type { PlannerService } from '../planner-service.js';

export interface ServerContext {
  db: SqliteDatabase;
  /** As given on the command line, for /api/health. */
  databasePath: string;
  version: string;
  runs: CampaignRuns;
  hub: LiveHub;
  planners: PlannerService;
  now: () => Date;
  routes: ApiRoutes;
}
