// The shell's campaign dependencies: real time of day, the configured rig, the models layer.
import type { CampaignDeps } from '../campaigns/deps.js';
import type { LabConfig } from '../instruments/lab-config.js';
import { openRig } from '../instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../models/surrogates/registry.js';

/** `open` replaces openRig (the guard of a command that holds a rig, src/cli/rig-guard.ts). */
export function cliCampaignDeps(defaultLab?: LabConfig, open: CampaignDeps['openRig'] = openRig): CampaignDeps {
  return {
    openRig: open,
    now: () => new Date(),
    trainerFactory: (spec) => surrogateTrainerFromSpec(spec),
    defaultLab,
  };
}
