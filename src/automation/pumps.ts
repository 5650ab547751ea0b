// Program and start the pumps for a recipe, and watch them while they run. Pumps are found by
// the reagent line they feed; a pump in any other role (e.g. a wash pump) is kept stopped.
import { PUMP_IDS, type PumpId, type RigGeometry } from '../chemistry/rig-geometry.js';
import { devicesOf } from '../instruments/device-directory.js';
import type { Rig } from '../instruments/interfaces.js';
import { layoutOf, requireDevices, type DeviceRequirement } from '../instruments/rig-layout.js';
import { isRecipeLine } from '../instruments/roles.js';

/** Flows below this are not pumped: a syringe pump cannot deliver them, and a derived flow that is zero up to rounding must not count as running. */
export const MIN_PUMPED_FLOW_UL_PER_MIN = 0.1;

/** One pump per reagent line that carries flow; a line at zero needs none. */
export function flowRequirements(flowsUlPerMin: Record<PumpId, number>): DeviceRequirement[] {
  return PUMP_IDS.filter((id) => flowsUlPerMin[id] >= MIN_PUMPED_FLOW_UL_PER_MIN).map((id) => ({
    capability: 'pump',
    role: id,
    why: `the ${id} line flows ${flowsUlPerMin[id].toFixed(1)} uL/min`,
  }));
}

/** Programs diameter, rate and volume on every pump with flow and starts it; stops every other pump of the rig. */
export async function startFlows(rig: Rig, flowsUlPerMin: Record<PumpId, number>, geometry: RigGeometry, runS: number): Promise<void> {
  requireDevices(layoutOf(rig), flowRequirements(flowsUlPerMin), 'these flows');
  for (const { role, device: pump } of devicesOf(rig, 'pump')) {
    const line = isRecipeLine(role) ? role : undefined;
    const rate = line ? flowsUlPerMin[line] : 0;
    // Stop before reprogramming (as the Chemyx firmware expects); it also restarts the dispensed-volume count.
    await pump.stop();
    if (!line || rate < MIN_PUMPED_FLOW_UL_PER_MIN) continue;
    await pump.setDiameterMm(geometry.syringeDiameterMm[line]);
    await pump.setRateUlPerMin(rate);
    await pump.setVolumeUl((rate * runS) / 60);
    await pump.start();
  }
}

/** Throws naming each pump that should flow but is stalled or stopped. */
export async function checkPumps(rig: Rig, flowsUlPerMin: Record<PumpId, number>): Promise<void> {
  const problems: string[] = [];
  for (const id of PUMP_IDS) {
    if (flowsUlPerMin[id] < MIN_PUMPED_FLOW_UL_PER_MIN) continue;
    const status = await rig.pump(id).status();
    if (status.state !== 'running') problems.push(`pump ${id} is ${status.state}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** Volume each reagent line's pump reports having dispensed since its start; 0 for a line the rig has no pump on. */
export async function dispensedVolumes(rig: Rig): Promise<Record<PumpId, number>> {
  const volumes = {} as Record<PumpId, number>;
  for (const id of PUMP_IDS) {
    const pump = rig.find('pump', id);
    volumes[id] = pump ? (await pump.status()).dispensedUl : 0;
  }
  return volumes;
}

/** Stops every pump and reads each back; throws naming any that still reports it is moving. */
export async function stopAllPumps(rig: Rig): Promise<void> {
  const pumps = devicesOf(rig, 'pump');
  for (const { device } of pumps) await device.stop();
  const moving: string[] = [];
  for (const { role, device } of pumps) {
    const { state } = await device.status();
    if (state !== 'stopped' && state !== 'stalled') moving.push(`pump ${role} is ${state}`);
  }
  if (moving.length > 0) throw new Error(`after stop: ${moving.join('; ')}`);
}
