// Faults switched on from a lab file, end to end through the CLI: an interlock fault ends the
// run in the safe state with a clear reason, is stored as a failed experiment, and never
// reaches a planner as a value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';
import { loadCampaignState } from '../../src/campaigns/campaign-service.js';
import { readEvents } from '../../src/store/campaigns.js';
import { openDatabase } from '../../src/store/database.js';
import { listExperiments } from '../../src/store/experiments.js';

function workspace(lab: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'sdfl-faults-'));
  const labFile = join(dir, 'lab.yaml');
  writeFileSync(labFile, JSON.stringify(lab));
  return { dir, db: join(dir, 'lab.sqlite'), labFile };
}

describe('faults from a lab file, through the CLI', () => {
  it('an overshooting heater (127 C set point, 190 C reached) trips the over-temperature alarm: exit 1, failed experiment, heater off', async () => {
    const { db, labFile } = workspace({ kind: 'virtual', faults: { overshootHeater: 63 } });
    const result = await run(['experiment', '--x', '0.233,0.5,0.5,0.5,0.5,0.5,0.5', '--lab', labFile, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: experiment failed during heat: over-temperature alarm: reactor reads 1\d\d\.\d C, above the limit of 137\.\d C \(set point 12\d\.\d+ C \+ 10 C\); rig left in safe state/m);
    const store = openDatabase(db);
    const [experiment] = listExperiments(store);
    expect(experiment.status).toBe('failed');
    expect(experiment.error).toMatch(/over-temperature alarm/);
    expect(experiment.features).toBeNull();
    store.close();
  });

  it('a saturated PL detector fails the experiment instead of storing PL 0', async () => {
    const { db, labFile } = workspace({ kind: 'virtual', faults: { saturateDetector: ['pl'] } });
    const result = await run(['experiment', '--json', '--lab', labFile, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/experiment failed during measure: pl detector saturated: \d+ pixel\(s\) at the ceiling in 360-660 nm/);
    const store = openDatabase(db);
    expect(listExperiments(store).map((e) => e.status)).toEqual(['failed']);
    store.close();
  });

  it('a saturated detector in a campaign: a failed experiment with the reason, the planner told it failed, the campaign paused for a person', async () => {
    const { dir, db, labFile } = workspace({ kind: 'virtual', faults: { saturateDetector: ['pl'] } });
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, JSON.stringify({ name: 'saturated', kind: 'exploration', seed: 2, initialDesign: { sampler: 'lhs', count: 3 }, budget: 1, surrogate: { kind: 'gp' } }));
    const result = await run(['campaign', 'start', spec, '--lab', labFile, '--db', db, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out);
    expect(summary).toMatchObject({ status: 'paused', measured: 0, failed: 1 });
    expect(summary.statusReason).toMatch(/^fault: experiment failed during measure: pl detector saturated/);
    const store = openDatabase(db);
    const events = readEvents(store, summary.id);
    expect(events.some((e) => e.type === 'measured')).toBe(false);
    const failed = events.find((e) => e.type === 'failed')!.payload as { error: string; proposalId: string };
    expect(failed.error).toMatch(/pl detector saturated/);
    const { state } = loadCampaignState(store, summary.id);
    const proposal = state.proposals.find((p) => p.proposalId === failed.proposalId)!;
    expect(proposal.status).toBe('failed');
    expect(proposal.value).toBeUndefined();
    store.close();
  });
});
