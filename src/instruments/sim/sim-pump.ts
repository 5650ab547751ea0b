// A Chemyx-like syringe pump on the virtual rig, feeding one of the reactor's reagent lines.
import type { PumpId } from '../../chemistry/rig-geometry.js';
import { InstrumentError, type PumpStatus, type SyringePump } from '../interfaces.js';
import type { SimContext } from './sim-context.js';

/** Chemyx Fusion envelope: bore 0.103-60 mm, plunger at most ~150 mm/min. */
export const PUMP_LIMITS = { minDiameterMm: 0.103, maxDiameterMm: 60, maxLinearSpeedMmPerMin: 150 } as const;

/** What the firmware refuses, as the virtual pumps refuse it. */
export const pumpChecks = {
  diameter(device: string, diameterMm: number): void {
    if (!(diameterMm >= PUMP_LIMITS.minDiameterMm && diameterMm <= PUMP_LIMITS.maxDiameterMm)) {
      throw new InstrumentError(device, `diameter ${diameterMm} mm outside ${PUMP_LIMITS.minDiameterMm}-${PUMP_LIMITS.maxDiameterMm} mm`);
    }
  },
  rate(device: string, rateUlPerMin: number, diameterMm: number): void {
    const areaMm2 = (Math.PI * diameterMm ** 2) / 4;
    const maxUlPerMin = areaMm2 * PUMP_LIMITS.maxLinearSpeedMmPerMin;
    if (!(rateUlPerMin >= 0 && rateUlPerMin <= maxUlPerMin)) {
      throw new InstrumentError(device, `rate ${rateUlPerMin} uL/min outside 0-${maxUlPerMin.toFixed(0)} uL/min for a ${diameterMm} mm syringe`);
    }
  },
  volume(device: string, volumeUl: number): void {
    if (!(volumeUl > 0 && Number.isFinite(volumeUl))) throw new InstrumentError(device, `volume must be a positive number, got ${volumeUl}`);
  },
};

export class SimPump implements SyringePump {
  constructor(readonly id: PumpId, private readonly context: SimContext) {}

  private get model() {
    return this.context.simulation.pumps[this.id];
  }

  async setDiameterMm(diameterMm: number): Promise<void> {
    this.context.call(this.id, `setDiameterMm ${diameterMm}`);
    pumpChecks.diameter(this.id, diameterMm);
    this.context.simulation.setPumpDiameter(this.id, diameterMm);
  }

  async setRateUlPerMin(rateUlPerMin: number): Promise<void> {
    this.context.call(this.id, `setRateUlPerMin ${rateUlPerMin}`);
    pumpChecks.rate(this.id, rateUlPerMin, this.model.diameterMm);
    this.context.simulation.setPumpRate(this.id, rateUlPerMin);
  }

  async setVolumeUl(volumeUl: number): Promise<void> {
    this.context.call(this.id, `setVolumeUl ${volumeUl}`);
    pumpChecks.volume(this.id, volumeUl);
    this.context.simulation.setPumpVolume(this.id, volumeUl);
  }

  async start(): Promise<void> {
    this.context.call(this.id, 'start');
    this.context.simulation.startPump(this.id);
  }

  async stop(): Promise<void> {
    this.context.call(this.id, 'stop');
    this.context.simulation.stopPump(this.id);
  }

  async status(): Promise<PumpStatus> {
    this.context.call(this.id, 'status');
    const model = this.model;
    return { state: model.state, rateUlPerMin: model.rateUlPerMin, dispensedUl: model.dispensedUl };
  }
}
