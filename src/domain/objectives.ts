// What a campaign can optimise: one of the measured spectral features, in a direction.
// Pure and dependency-light, so the dashboard bundles it too.
import { z } from 'zod';

export const OBJECTIVE_FEATURES = ['plIntensity', 'plArea', 'abs300'] as const;
export type ObjectiveFeature = (typeof OBJECTIVE_FEATURES)[number];

export const DEFAULT_OBJECTIVE = { feature: 'plIntensity', direction: 'maximize' } as const satisfies { feature: ObjectiveFeature; direction: 'maximize' | 'minimize' };

export const objectiveSpecSchema = z.strictObject({
  feature: z.enum(OBJECTIVE_FEATURES).default(DEFAULT_OBJECTIVE.feature),
  direction: z.enum(['maximize', 'minimize']).default(DEFAULT_OBJECTIVE.direction),
});
