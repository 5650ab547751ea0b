// `sdfl insights ID`: the numbers of a campaign's digital twin (R^2, cross-validated R^2,
// uncertainty against data size, Shapley ranking, response surface) as text or JSON.
import type { Command } from 'commander';
import { campaignInsights, SHAP_BACKGROUNDS } from '../../campaigns/insights.js';
import { formatInsights, insightsJson, toJsonText } from '../../reports/insights-output.js';
import { DEFAULT_DATABASE_PATH } from '../../store/database.js';
import type { CliIo } from '../io.js';
import { seedFlag } from '../flags.js';
import { parseFlag } from '../usage-error.js';
import { checkCampaignIds, shapBackgroundFlag } from './report.js';
import { openCliDatabase } from '../database.js';

export function registerInsights(program: Command, io: CliIo): void {
  program.command('insights')
    .description('twin quality, uncertainty against data size, Shapley ranking and response surface of a campaign')
    .argument('<id>', 'campaign id')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--seed <n>', 'seed of the analyses (splits, fits, Monte Carlo points)', '1')
    .option('--shap-background <set>', `reference set of the Shapley values: ${SHAP_BACKGROUNDS.join(' | ')}`, 'uniform')
    .option('--json', 'print the numbers as JSON')
    .action(async (id: string, flags: { db: string; seed: string; shapBackground: string; json?: boolean }) => {
      const seed = parseFlag('--seed', seedFlag, flags.seed);
      const shapBackground = parseFlag('--shap-background', shapBackgroundFlag, flags.shapBackground);
      const db = openCliDatabase(flags.db, 'read', io);
      try {
        checkCampaignIds(db, [id]);
        const insights = await campaignInsights(db, id, { seed, shapBackground, onStage: io.isTty && !flags.json ? (stage) => io.err(`${stage}...\n`) : undefined });
        io.out(flags.json ? `${toJsonText(insightsJson(insights))}\n` : formatInsights(insights));
      } finally {
        db.close();
      }
    });
}
