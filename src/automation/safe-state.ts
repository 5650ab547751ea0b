// The state a fault must leave the rig in: every device that can be made safe is, by what it
// is: pumps stopped, heaters off (standby), lights off. The walk covers every device of the
// rig, also those no experiment uses (an extra wash pump), and tries each even if an earlier
// one fails, since a lost link to one device must not keep another pumping.
import type { DeviceCapability, Rig, RigDevice } from '../instruments/interfaces.js';

export interface SafeStateReport {
  /** Devices that could not be put in the safe state, with why. */
  failures: string[];
}

/** First the flow (hot precursors), then the heat, then the light; a spectrometer has nothing to make safe. */
const SAFE_ORDER: readonly DeviceCapability[] = ['pump', 'heater', 'light'];

/** The safe action of a device, or undefined if its capability has none. */
export function safeAction(entry: RigDevice): (() => Promise<void>) | undefined {
  switch (entry.capability) {
    case 'pump': return () => entry.device.stop();
    case 'heater': return () => entry.device.setMode('off');
    case 'light': return () => entry.device.setOn(false);
    case 'spectrometer': return undefined;
  }
}

export async function enterSafeState(rig: Pick<Rig, 'devices'>): Promise<SafeStateReport> {
  const failures: string[] = [];
  for (const capability of SAFE_ORDER) {
    for (const entry of rig.devices.filter((d) => d.capability === capability)) {
      const action = safeAction(entry);
      if (!action) continue;
      try {
        await action();
      } catch (error) {
        failures.push(`${entry.capability} ${entry.role}: ${(error as Error).message}`);
      }
    }
  }
  return { failures };
}
