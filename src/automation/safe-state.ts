// The state a fault must leave the rig in: every pump stopped, heater off (standby),
// light sources off. Each step is tried even if an earlier one fails, since a lost
// link to one device must not keep another pumping.
import type { Rig } from '../instruments/interfaces.js';

export interface SafeStateReport {
  /** Devices that could not be put in the safe state, with why. */
  failures: string[];
}

export async function enterSafeState(rig: Rig): Promise<SafeStateReport> {
  const failures: string[] = [];
  const attempt = async (device: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      failures.push(`${device}: ${(error as Error).message}`);
    }
  };
  for (const [id, pump] of Object.entries(rig.pumps)) await attempt(`pump ${id}`, () => pump.stop());
  await attempt('heater', () => rig.heater.setMode('off'));
  await attempt('uv led', () => rig.uvLed.setOn(false));
  await attempt('broadband lamp', () => rig.broadbandLamp.setOn(false));
  return { failures };
}
