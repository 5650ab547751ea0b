// Public face of the planner benchmark harness.
export { runBenchmark, benchmarkJobs, defaultWorkerCount, type BenchmarkProgress, type BenchmarkRunOptions } from './run-benchmark.js';
export { runJob, plannerOptionsForJob, type JobResult, type JobSpec } from './run-job.js';
export { parseObjectiveRef, loadObjective, type ObjectiveRef } from './objective-ref.js';
export { loadObjectiveModule, objectiveFromExport, userObjectiveSchema, ObjectiveModuleError, type UserObjective } from './user-objective.js';
export { benchmarkPolicyNames, benchmarkPolicySchema, defaultBenchmarkPolicies, policyPlan, type BenchmarkPolicy, type PolicyPlan } from './policies.js';
export { benchmarkSettingsSchema, parseBenchmarkSettings, type BenchmarkSettings, type BenchmarkSettingsInput } from './settings.js';
export { benchmarkReportSchema, jobResultSchema, BENCHMARK_REPORT_FORMAT, type BenchmarkReport, type BenchmarkJobResult } from './report.js';
export { defaultCheckpoints, quantile, regretCurve, runningBest, spread, summarizePolicies, type PolicySummary, type Spread } from './summary.js';
export { formatSummaryTable } from './summary-table.js';
export { replicateSeed } from './seeds.js';
export * from './objectives/index.js';
