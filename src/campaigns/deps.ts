// What the campaign runner needs from the shell: a rig, the time of day, surrogate trainers.
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import type { CampaignSpec } from './campaign-spec.js';
import type { Rig } from '../instruments/interfaces.js';
import { labConfigSchema, type LabConfig } from '../instruments/lab-config.js';
import type { TrainerFactory } from '../planning/index.js';

export interface CampaignDeps {
  openRig(config: LabConfig, geometry?: RigGeometry): Promise<Rig>;
  now(): Date;
  trainerFactory: TrainerFactory;
  /** Lab used when the spec names none (the CLI's --lab); the virtual lab seeded by the spec otherwise. */
  defaultLab?: LabConfig;
}

export function labConfigOf(spec: CampaignSpec, deps: CampaignDeps): LabConfig {
  if (spec.lab) return labConfigSchema.parse({ seed: spec.seed, ...spec.lab });
  return deps.defaultLab ?? labConfigSchema.parse({ kind: 'virtual', seed: spec.seed });
}
