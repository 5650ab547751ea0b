// Open the rig for a job and always leave it in the safe state and closed afterwards.
import type { Rig } from '../../instruments/interfaces.js';
import { enterSafeState } from '../../automation/safe-state.js';
import type { StudyContext, StudyRigRequest } from './types.js';

export async function withRig<T>(context: StudyContext, request: StudyRigRequest | undefined, job: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await context.openRig(request);
  try {
    return await job(rig);
  } finally {
    await enterSafeState(rig);
    await rig.close();
  }
}
