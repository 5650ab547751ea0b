// Open the rig for a job and always leave it in the safe state and closed afterwards.
import type { RigGeometry } from '../../chemistry/rig-geometry.js';
import type { Rig } from '../../instruments/interfaces.js';
import { enterSafeState } from '../../automation/safe-state.js';
import type { StudyContext } from './types.js';

export async function withRig<T>(context: StudyContext, geometry: RigGeometry | undefined, job: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await context.openRig(geometry);
  try {
    return await job(rig);
  } finally {
    await enterSafeState(rig);
    await rig.close();
  }
}
