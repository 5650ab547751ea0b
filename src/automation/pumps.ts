// Program and start the eight pumps for a recipe, and watch them while they run.
import { PUMP_IDS, type PumpId, type RigGeometry } from '../chemistry/rig-geometry.js';
import type { Rig } from '../instruments/interfaces.js';

/** Flows below this are not pumped: a syringe pump cannot deliver them, and a derived flow that is zero up to rounding must not count as running. */
export const MIN_PUMPED_FLOW_UL_PER_MIN = 0.1;

/** Programs diameter, rate and volume on every pump; starts those with flow, leaves the rest stopped. */
export async function startFlows(rig: Rig, flowsUlPerMin: Record<PumpId, number>, geometry: RigGeometry, runS: number): Promise<void> {
  for (const id of PUMP_IDS) {
    const pump = rig.pumps[id];
    const rate = flowsUlPerMin[id];
    // Stop before reprogramming (as the Chemyx firmware expects); it also restarts the dispensed-volume count.
    await pump.stop();
    if (rate < MIN_PUMPED_FLOW_UL_PER_MIN) continue;
    await pump.setDiameterMm(geometry.syringeDiameterMm[id]);
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
    const status = await rig.pumps[id].status();
    if (status.state !== 'running') problems.push(`pump ${id} is ${status.state}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** Volume each pump reports having dispensed since its start. */
export async function dispensedVolumes(rig: Rig): Promise<Record<PumpId, number>> {
  const volumes = {} as Record<PumpId, number>;
  for (const id of PUMP_IDS) volumes[id] = (await rig.pumps[id].status()).dispensedUl;
  return volumes;
}

export async function stopAllPumps(rig: Rig): Promise<void> {
  for (const id of PUMP_IDS) await rig.pumps[id].stop();
}
