// `sdfl study NAME`: the paper's platform studies (Fig. 3 to 5) on the configured rig.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { conditionFromArray, rigParameterSpace } from '../../domain/rig-space.js';
import { toPhysical } from '../../domain/space.js';
import { createRandom } from '../../domain/random.js';
import { runStudy, studyRigOpener, STUDY_NAMES, type StudyResult } from '../../campaigns/studies/index.js';
import { DEFAULT_DATABASE_PATH } from '../../store/database.js';
import { openCliDatabase } from '../database.js';
import { toCsv } from '../../store/csv.js';
import type { CliIo } from '../io.js';
import { seedFlag, unitConditionFlag } from '../flags.js';
import { parseFlag } from '../usage-error.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { holdingRig } from '../rig-guard.js';
import { createProgress } from '../progress.js';
import { DEFAULT_UNIT_CONDITION } from './experiment.js';

const studyNameFlag = z.enum(STUDY_NAMES, { error: `expected one of ${STUDY_NAMES.join(', ')}` });

export function registerStudy(program: Command, io: CliIo): void {
  program.command('study')
    .description(`run a platform study: ${STUDY_NAMES.join(', ')}`)
    .argument('<name>', STUDY_NAMES.join('|'))
    .option('--x <values>', 'base condition: seven dimensionless inputs in [0, 1]', DEFAULT_UNIT_CONDITION)
    .option('--json', 'print the result as JSON')
    .option('--out <file.csv>', 'write the rows as CSV')
    .option('--db <path>', 'SQLite file for the experiments of the study', DEFAULT_DATABASE_PATH)
    .option('--lab <file>', 'lab configuration file; default: the virtual lab')
    .option('--seed <n>', 'seed of the virtual lab and of random choices', '1')
    .action(async (nameText: string, flags: { x: string; json?: boolean; out?: string; db: string; lab?: string; seed: string }) => {
      const name = parseFlag('study name', studyNameFlag, nameText);
      const seed = parseFlag('--seed', seedFlag, flags.seed);
      const unit = parseFlag('--x', unitConditionFlag, flags.x);
      const labConfig = labConfigFromFlags(flags.lab, seed);
      const db = openCliDatabase(flags.db, 'create', io);
      const progress = createProgress(io, `study ${name}`, false);
      try {
        const result = await holdingRig(io, (guard) => runStudy(name, {
          openRig: studyRigOpener(labConfig, (config, geometry) => guard.openRig(config, geometry)),
          random: createRandom(seed),
          baseCondition: conditionFromArray(toPhysical(rigParameterSpace(), unit)),
          db,
          studyId: `study-${name}-${new Date().toISOString()}`,
          now: () => new Date(),
          onProgress: (done, total, label) => progress.update(done, total, label),
          signal: guard.signal,
        }));
        progress.stop();
        if (flags.out) writeFileSync(flags.out, toCsv(result.columns, result.rows));
        // The summary's figures (rsdPercent, segments, ...) sit at the top level, where scripts look first.
        io.out(flags.json ? `${JSON.stringify({ ...result.summary, ...result })}\n` : formatStudy(result, flags.out));
      } finally {
        progress.stop();
        db.close();
      }
    });
}

function formatStudy(result: StudyResult, out: string | undefined): string {
  const lines = [`study ${result.study}: ${result.rows.length} rows (experiments stored under ${result.studyId})`];
  const rsd = result.summary.rsdPercent as Record<string, number> | undefined;
  if (rsd) {
    lines.push('relative standard deviation (%)');
    for (const [feature, value] of Object.entries(rsd)) lines.push(`  ${feature.padEnd(12)} ${value.toFixed(2)}`);
  }
  const segments = result.summary.segments as { reactionTimeS: number; residenceTimeS: number; steadyAfterResidenceTimes: number | null }[] | undefined;
  if (segments) {
    for (const s of segments) {
      lines.push(`  t_R ${s.reactionTimeS.toFixed(1)} s, residence ${s.residenceTimeS.toFixed(1)} s: steady after ${s.steadyAfterResidenceTimes === null ? 'never' : `${s.steadyAfterResidenceTimes.toFixed(2)} residence times`}`);
    }
  }
  if (!rsd && !segments) {
    const columns = result.columns.filter((c) => !c.endsWith('UlPerMin') || c === 'totalPrecursorFlowUlPerMin').slice(0, 10);
    lines.push(columns.map((c) => c.padStart(12)).join(' '));
    for (const row of result.rows) lines.push(columns.map((c) => formatCell(row[c]).padStart(12)).join(' '));
  }
  if (out) lines.push(`rows written to ${out}`);
  return `${lines.join('\n')}\n`;
}

function formatCell(value: number | string | undefined): string {
  if (typeof value === 'number') return Math.abs(value) >= 1000 ? value.toExponential(3) : value.toFixed(3);
  return value ?? '';
}
