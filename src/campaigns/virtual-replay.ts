// A virtual lab is deterministic: the same seed and the same device commands give the same
// state. A resumed campaign brings a fresh virtual lab to where the interrupted one was by
// running the blank and every completed experiment again, in log order, and discarding the
// results. Then the next experiment sees exactly what it would have seen without the break.
import { makeRecipe } from '../chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import type { VirtualLab } from '../instruments/sim/create-virtual-lab.js';
import { runExperiment } from '../automation/run-experiment.js';
import { measureSolventBlank } from '../automation/solvent-blank.js';
import type { CampaignLog } from './campaign-log.js';
import { CAMPAIGN_RUN_OPTIONS } from './run-settings.js';

/**
 * `completed(experimentId)` says whether an experiment ran to its end (a run cut short by a
 * fault cannot be reproduced and is skipped).
 */
export async function replayVirtualLab(rig: Rig, log: CampaignLog, reference: Spectrum | null, completed: (experimentId: number) => boolean, signal?: AbortSignal): Promise<void> {
  // The blank was taken (the caller only replays a log that has one), so it is taken again even
  // when no experiment finished yet: it moved the lab's clock and drew from its noise.
  await measureSolventBlank(rig, undefined, { signal });
  const replayed = log.all().filter((e) => e.type === 'measured' || e.type === 'failed' || e.type === 'refilled');
  const space = rigParameterSpace();
  const syringes = (rig as Partial<VirtualLab>).syringes;
  for (const event of replayed) {
    if (event.type === 'refilled') {
      syringes?.refillAll();
      continue;
    }
    if (event.type !== 'measured' && event.type !== 'failed') continue;
    if (event.payload.experimentId === undefined || !completed(event.payload.experimentId)) continue;
    const proposal = log.state.proposals.find((p) => p.proposalId === event.payload.proposalId);
    if (!proposal) continue;
    const recipe = makeRecipe(conditionFromArray(recordToPoint(space, proposal.condition)));
    await runExperiment(rig, recipe, { reference, options: CAMPAIGN_RUN_OPTIONS, signal });
  }
}
