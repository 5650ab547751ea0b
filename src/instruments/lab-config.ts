// Which rig to talk to. The virtual lab is the default; real devices are configured per lab.
import { z } from 'zod';

export const virtualLabConfigSchema = z.object({
  kind: z.literal('virtual'),
  seed: z.number().int().default(1),
  clock: z.enum(['simulated', 'realtime']).default('simulated'),
  /** Real-time mode only: 10 runs ten times faster than the wall clock. */
  speedFactor: z.number().positive().max(10_000).default(1),
});

export const labConfigSchema = z.discriminatedUnion('kind', [virtualLabConfigSchema]);
export type LabConfig = z.infer<typeof labConfigSchema>;
export type LabConfigInput = z.input<typeof labConfigSchema>;

export const DEFAULT_LAB_CONFIG: LabConfig = labConfigSchema.parse({ kind: 'virtual' });
