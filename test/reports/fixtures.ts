// Real (small) campaigns on the virtual lab for the report tests, written to a file database
// so the CLI can open it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CampaignDeps } from '../../src/campaigns/deps.js';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { openRig } from '../../src/instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../../src/models/surrogates/registry.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import type { CliIo } from '../../src/cli/io.js';
import { runStudy, studyRigOpener, type StudyName } from '../../src/campaigns/studies/index.js';
import { appendEvent } from '../../src/store/campaigns.js';
import { labConfigSchema } from '../../src/instruments/lab-config.js';
import { createRandom } from '../../src/domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { main } from '../../src/cli/main.js';

export const FAST_SURROGATE = { kind: 'enn', members: 4, hiddenLayers: [8], epochs: 150, parallel: false } as const;

export function fixedClockDeps(): CampaignDeps {
  let tick = 0;
  return {
    openRig,
    now: () => new Date(Date.UTC(2026, 0, 1) + 1000 * tick++),
    trainerFactory: (spec) => surrogateTrainerFromSpec(spec),
  };
}

export function temporaryDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sdfl-report-')), 'lab.sqlite');
}

export async function runNewCampaign(db: SqliteDatabase, spec: Record<string, unknown>, deps: CampaignDeps = fixedClockDeps()): Promise<string> {
  const { id } = createCampaign(db, spec, deps.now());
  await runCampaign(db, id, deps);
  return id;
}

export function withDatabase<T>(path: string, job: (db: SqliteDatabase) => Promise<T>): Promise<T> {
  const db = openDatabase(path);
  return job(db).finally(() => db.close());
}

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTty: false };
  const code = await main(args, io);
  return { code, out, err };
}

/** Every way an HTML page could reach the network or run code (inside tags: escaped text is harmless). */
export function externalReferences(html: string): string[] {
  const patterns = [/<script\b/gi, /<[^>]*\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//gi, /url\(\s*["']?\s*(?:https?:)?\/\//gi, /@import/gi, /<link\b/gi, /<iframe\b/gi];
  return patterns.flatMap((pattern) => html.match(pattern) ?? []);
}

export function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

/**
 * A study campaign whose result is logged straight through the store. The residence-time
 * study's rows hold NaN features (no PL peak while the line is still solvent), which the
 * campaign log's in-memory check refuses, so runCampaign cannot finish it; its stored
 * result is what the report reads either way.
 */
export async function recordStudyCampaign(db: SqliteDatabase, study: StudyName, seed = 1): Promise<string> {
  const deps = fixedClockDeps();
  const { id } = createCampaign(db, { name: `study ${study}`, kind: 'study', study, seed }, deps.now());
  const lab = labConfigSchema.parse({ kind: 'virtual', seed });
  const result = await runStudy(study, {
    openRig: studyRigOpener(lab, openRig),
    random: createRandom(seed),
    baseCondition: conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])),
    db,
    studyId: id,
    now: deps.now,
  });
  appendEvent(db, id, 'study-result', { study: result.study, columns: result.columns, rows: result.rows, summary: result.summary }, deps.now());
  appendEvent(db, id, 'completed', { reason: `study ${study} finished` }, deps.now());
  return id;
}
