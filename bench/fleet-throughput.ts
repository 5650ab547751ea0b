// Throughput of a campaign on a fleet of 1, 2, 4 and 8 virtual rigs: the same optimisation
// campaign (EI, default ENN, 8 LHS then EI, N experiments in all) run by the fleet coordinator
// on in-process rig workers sharing one BullMQ queue on a private redis-server. The rigs run
// side by side in simulated time (the coordinator's 'simulated' schedule): a rig that finishes
// gets the next condition at the simulated time it finished, while the others still run (the
// planner treats them as pending). Reported per rig count, median over seeds:
//   - experiments per simulated hour (N / the campaign's simulated makespan);
//   - regret after N experiments: noise-free optimum minus the best noise-free PL intensity of
//     the conditions measured (as in the virtual-lab benchmark), against one rig doing the same N.
// Run: npx tsx bench/fleet-throughput.ts [--rigs 1,2,4,8] [--seeds 1,2,3,4,5] [--budget 24] [--json out.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCampaign } from '../src/campaigns/campaign-service.js';
import { DEFAULT_RIG_GEOMETRY } from '../src/chemistry/rig-geometry.js';
import { createRandom } from '../src/domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../src/domain/rig-space.js';
import { recordToPoint } from '../src/domain/space.js';
import { runFleetCampaign } from '../src/fleet/coordinator.js';
import { startRigWorker } from '../src/fleet/rig-worker.js';
import { openRig } from '../src/instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../src/models/surrogates/registry.js';
import { openDatabase } from '../src/store/database.js';
import { expectedPlIntensity, findTrueOptimum } from '../src/virtual-lab/index.js';
import { quantile } from '../src/benchmark/index.js';
import { startTestRedis } from '../test/support/redis.js';

const { values: args } = parseArgs({
  options: {
    rigs: { type: 'string', default: '1,2,4,8' },
    seeds: { type: 'string', default: '1,2,3,4,5' },
    budget: { type: 'string', default: '24' },
    init: { type: 'string', default: '8' },
    json: { type: 'string' },
  },
});
const rigCounts = args.rigs.split(',').map(Number);
const seeds = args.seeds.split(',').map(Number);
const budget = Number(args.budget);
const init = Number(args.init);

interface Run { rigs: number; seed: number; makespanH: number; perHour: number; regret: number; wallS: number }

const space = rigParameterSpace(DEFAULT_RIG_GEOMETRY.reactorVolumeUl);
const optimum = findTrueOptimum(createRandom(1), { geometry: DEFAULT_RIG_GEOMETRY }).value;
const redis = await startTestRedis();
const runs: Run[] = [];
try {
  for (const seed of seeds) {
    for (const rigs of rigCounts) {
      const prefix = `throughput-${rigs}-${seed}`;
      const workers = [];
      for (let index = 1; index <= rigs; index++) workers.push(await startRigWorker({ redis: { url: redis.url }, rigIndex: index, prefix }));
      const db = openDatabase(':memory:');
      const { id } = createCampaign(db, { name: `throughput ${rigs} rigs`, kind: 'optimisation', policy: 'ei', budget, initialDesign: { sampler: 'lhs', count: init }, seed }, new Date());
      const started = performance.now();
      try {
        const result = await runFleetCampaign(db, id, { openRig, now: () => new Date(), trainerFactory: (spec) => surrogateTrainerFromSpec(spec) }, {
          redis: { url: redis.url }, prefix, pollMs: 2, schedule: { kind: 'simulated', rigs },
        });
        if (result.state.status !== 'completed' || result.makespanS === undefined) throw new Error(`campaign ended ${result.state.status}: ${result.state.statusReason}`);
        const best = Math.max(...result.state.proposals.filter((p) => p.status === 'measured')
          .map((p) => expectedPlIntensity(conditionFromArray(recordToPoint(space, p.condition)), { geometry: DEFAULT_RIG_GEOMETRY })));
        const run = { rigs, seed, makespanH: result.makespanS / 3600, perHour: budget / (result.makespanS / 3600), regret: optimum - best, wallS: (performance.now() - started) / 1000 };
        runs.push(run);
        process.stderr.write(`seed ${seed}, ${rigs} rig(s): ${run.perHour.toFixed(2)} experiments per simulated hour, makespan ${run.makespanH.toFixed(2)} h, regret ${run.regret.toExponential(3)}, ${run.wallS.toFixed(1)} s wall\n`);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
        db.close();
      }
    }
  }
} finally {
  await redis.stop();
}

const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
const q = (values: number[], p: number) => quantile([...values].sort((a, b) => a - b), p);
const baseline = runs.filter((r) => r.rigs === 1);
const lines = [
  `${budget} experiments (${init} LHS + EI), default ENN, ${seeds.length} seeds; noise-free optimum ${optimum.toExponential(4)} counts/s`,
  '',
  '| rigs | experiments per simulated hour | speed-up | simulated makespan (h) | regret after N, median [25 %, 75 %] | regret / one rig\'s |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const rigs of rigCounts) {
  const these = runs.filter((r) => r.rigs === rigs);
  const perHour = median(these.map((r) => r.perHour));
  const regrets = these.map((r) => r.regret);
  lines.push(`| ${rigs} | ${perHour.toFixed(2)} | ${(perHour / median(baseline.map((r) => r.perHour))).toFixed(2)}x | ${median(these.map((r) => r.makespanH)).toFixed(2)} | `
    + `${median(regrets).toExponential(2)} [${q(regrets, 0.25).toExponential(2)}, ${q(regrets, 0.75).toExponential(2)}] | ${(median(regrets) / median(baseline.map((r) => r.regret))).toFixed(2)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ budget, init, seeds, optimum, runs }, null, 2)}\n`);
