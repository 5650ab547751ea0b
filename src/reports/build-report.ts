// From campaign ids to the HTML report: every figure that applies to the given campaigns, in
// the paper's order (studies Fig. 3-5, the twin Fig. 6-7, the policies Fig. 8).
import { campaignInsights, comparePolicyCampaigns, type CampaignInsights, type PolicyComparisonInsights, type TwinInsightOptions } from '../campaigns/insights.js';
import { loadCampaignState } from '../campaigns/campaign-service.js';
import type { SqliteDatabase } from '../store/database.js';
import { renderReportHtml, type RenderedSection } from './html.js';
import { renderSvg } from './render-svg.js';
import type { ReportSection } from './report-types.js';
import { policySections } from './sections/policies.js';
import { bestConditionSection } from './sections/best-condition.js';
import { bestCondition } from './best-condition.js';
import { STUDY_ORDER, studySection } from './sections/studies.js';
import { twinSections } from './sections/twin.js';
import { studyData } from './study-data.js';

export interface ReportOptions extends TwinInsightOptions {
  /** Shown in the header (e.g. the database path). */
  databaseLabel?: string;
  /** One line per step, for a progress display. */
  onProgress?: (message: string) => void;
}

export interface Report {
  html: string;
  sections: ReportSection[];
  twins: CampaignInsights[];
  policies: PolicyComparisonInsights | null;
}

export async function buildReport(db: SqliteDatabase, campaignIds: readonly string[], options: ReportOptions = {}): Promise<Report> {
  if (campaignIds.length === 0) throw new Error('name at least one campaign');
  const duplicate = campaignIds.find((id, k) => campaignIds.indexOf(id) !== k);
  if (duplicate) throw new Error(`campaign '${duplicate}' is named twice`);
  const campaigns = campaignIds.map((id) => ({ id, spec: loadCampaignState(db, id).spec }));
  const seed = options.seed ?? 1;

  const studies = campaigns.flatMap((c) => (c.spec.kind === 'study' ? [{ id: c.id, study: c.spec.study }] : []))
    .sort((a, b) => STUDY_ORDER.indexOf(a.study) - STUDY_ORDER.indexOf(b.study));
  const sections: ReportSection[] = studies.map((s) => {
    options.onProgress?.(`${s.id}: ${s.study} study`);
    return studySection(studyData(db, s.id));
  });

  const twins: CampaignInsights[] = [];
  for (const c of campaigns.filter((c) => c.spec.kind === 'exploration')) {
    options.onProgress?.(`${c.id}: digital twin analyses`);
    const insights = await campaignInsights(db, c.id, { ...options, seed, onStage: (stage) => options.onProgress?.(`${c.id}: ${stage}`) });
    twins.push(insights);
    sections.push(...twinSections(insights));
  }

  const optimisations = campaigns.filter((c) => c.spec.kind === 'optimisation').map((c) => c.id);
  if (optimisations.length > 0) options.onProgress?.(`policy comparison of ${optimisations.length} optimisation campaign${optimisations.length === 1 ? '' : 's'}`);
  const policies = optimisations.length > 0 ? comparePolicyCampaigns(db, optimisations) : null;
  if (policies) {
    sections.push(...policySections(policies));
    const best = bestCondition(db, optimisations);
    if (best) sections.push(bestConditionSection(best));
  }

  const figureCount = sections.reduce((n, section) => n + section.figures.length, 0);
  const rendered: RenderedSection[] = [];
  let drawn = 0;
  for (const section of sections) {
    const svgs: string[] = [];
    for (const figure of section.figures) {
      options.onProgress?.(`rendering figure ${++drawn} of ${figureCount} (${figure.id})`);
      svgs.push(await renderSvg(figure.spec));
    }
    rendered.push({ ...section, svgs });
  }
  const html = renderReportHtml({
    title: 'Self-driving fluidic lab: campaign report',
    lines: [
      `Campaigns: ${campaignIds.join(', ')}`,
      ...(options.databaseLabel ? [`Database: ${options.databaseLabel}`] : []),
      `Seed of the twin analyses: ${seed} (80/20 split, ${options.folds ?? 5}-fold cross-validation, ${options.monteCarloPoints ?? 1000} Monte Carlo points)`,
    ],
  }, rendered);
  return { html, sections, twins, policies };
}
