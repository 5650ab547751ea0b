// How a campaign runs each experiment: pumps stop after the measurement, so what each
// syringe gave is exactly what its pump reports.
import type { RunOptionsInput } from '../automation/run-options.js';

export const CAMPAIGN_RUN_OPTIONS: RunOptionsInput = { leaveFlowing: false };
