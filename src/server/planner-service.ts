// Ask/tell planners for labs that drive their own rig (Python, LabVIEW) and only want the
// planning over HTTP. Each planner is saved after every ask and tell; operations on one
// planner run one at a time, so two clients cannot interleave an ask and lose a proposal.
import { randomBytes } from 'node:crypto';
import { createPlanner, FeasibleRegionError, restorePlanner, withPlannerDefaults, type Condition, type Observation, type Planner, type PlannerOptions, type PlannerOptionsInput, type TrainerFactory } from '../planning/index.js';
import type { ObservationInput } from '../planning/observations.js';
import type { SqliteDatabase } from '../store/database.js';
import type { CreatePlannerBody } from './api-schemas.js';
import { badRequest, notFound, unprocessable } from './http-errors.js';
import { getPlannerRecord, insertPlanner, listPlannerRecords, updatePlanner } from './planner-store.js';

export interface PlannerDetail {
  id: string;
  createdAt: string;
  updatedAt: string;
  options: Omit<PlannerOptions, 'prior'>;
  observations: Observation[];
  pending: Condition[];
  best: Observation | null;
}

/** The registries' default policy and surrogate, an initial design of d + 2 points (the paper's 9 for the rig's 7 inputs), seed 1. */
export function plannerOptionsWithDefaults(body: CreatePlannerBody): PlannerOptionsInput {
  return withPlannerDefaults(body);
}

export class PlannerService {
  private readonly loaded = new Map<string, Planner>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly db: SqliteDatabase, private readonly trainerFactory: TrainerFactory, private readonly now: () => Date) {}

  create(body: CreatePlannerBody): { id: string; options: Planner['options'] } {
    let planner: Planner;
    try {
      planner = createPlanner(plannerOptionsWithDefaults(body), { trainerFactory: this.trainerFactory });
    } catch (error) {
      throw badRequest(`body: ${(error as Error).message.replace(/\s+/g, ' ')}`);
    }
    const id = `planner-${randomBytes(6).toString('hex')}`;
    insertPlanner(this.db, id, planner.toJSON(), this.now());
    this.loaded.set(id, planner);
    return { id, options: planner.options };
  }

  ask(id: string, count: number): Promise<Condition[]> {
    return this.exclusive(id, async () => {
      const planner = this.load(id);
      let conditions: Condition[];
      try {
        conditions = await planner.ask(count);
      } catch (error) {
        // The stored snapshot is the truth; the planner in memory may have moved.
        this.loaded.delete(id);
        if (error instanceof FeasibleRegionError) throw unprocessable(error.message);
        throw error;
      }
      this.save(id, planner);
      return conditions;
    });
  }

  tell(id: string, observations: ObservationInput[]): Promise<{ told: number; observations: number; best: Observation | null }> {
    return this.exclusive(id, async () => {
      const planner = this.load(id);
      try {
        planner.tell(observations);
      } catch (error) {
        // A bad batch leaves the planner as it was; the message names the observation and field.
        throw badRequest(`body.observations: ${(error as Error).message.replace(/\s+/g, ' ')}`);
      }
      this.save(id, planner);
      return { told: observations.length, observations: planner.observations().length, best: planner.best() ?? null };
    });
  }

  abandon(id: string, ids: string[]): Promise<{ abandoned: Condition[]; pending: Condition[] }> {
    return this.exclusive(id, async () => {
      const planner = this.load(id);
      let abandoned: Condition[];
      try {
        abandoned = planner.abandon(ids);
      } catch (error) {
        throw badRequest(`body.ids: ${(error as Error).message}`);
      }
      this.save(id, planner);
      return { abandoned, pending: planner.pending() };
    });
  }

  /** What was last saved; never waits for an ask in progress. */
  get(id: string): PlannerDetail {
    const record = getPlannerRecord(this.db, id);
    if (!record) throw notFound(`no planner '${id}'`);
    const planner = restorePlanner(record.state, { trainerFactory: this.trainerFactory });
    return {
      id,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      options: planner.options,
      observations: planner.observations(),
      pending: planner.pending(),
      best: planner.best() ?? null,
    };
  }

  list() {
    return listPlannerRecords(this.db).map((record) => {
      const state = record.state as { options: PlannerOptions; observations: unknown[] };
      return {
        id: record.id,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        policy: state.options.policy,
        objective: state.options.objective,
        observations: state.observations.length,
      };
    });
  }

  /** Lets running asks and tells finish (and save) before the database closes. */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private load(id: string): Planner {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const record = getPlannerRecord(this.db, id);
    if (!record) throw notFound(`no planner '${id}'`);
    const planner = restorePlanner(record.state, { trainerFactory: this.trainerFactory });
    this.loaded.set(id, planner);
    return planner;
  }

  private save(id: string, planner: Planner): void {
    try {
      updatePlanner(this.db, id, planner.toJSON(), this.now());
    } catch (error) {
      this.loaded.delete(id);
      throw error;
    }
  }

  private exclusive<T>(id: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.then(job);
    const settled = run.then(() => undefined, () => undefined);
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }
}
