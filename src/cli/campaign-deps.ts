// The shell's campaign dependencies: real time of day, the configured rig, the models layer.
import type { CampaignDeps } from '../campaigns/deps.js';
import type { LabConfig } from '../instruments/lab-config.js';
import { openRig } from '../instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../models/surrogates/registry.js';

export function cliCampaignDeps(defaultLab?: LabConfig): CampaignDeps {
  return {
    openRig,
    now: () => new Date(),
    trainerFactory: (spec) => surrogateTrainerFromSpec(spec),
    defaultLab,
  };
}
