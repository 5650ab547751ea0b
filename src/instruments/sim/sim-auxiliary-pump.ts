// A pump of the virtual rig outside the reaction (e.g. a wash line to waste): the same syringe
// pump model as the reagent pumps, run on the rig's clock, but its flow reaches nothing the
// physics sees. It exists so that a layout with extra pumps can be tried on the virtual lab.
import { PumpModel } from '../../virtual-lab/pump-model.js';
import type { PumpStatus, SyringePump } from '../interfaces.js';
import type { SimContext } from './sim-context.js';
import { pumpChecks } from './sim-pump.js';

/** The syringe fitted to an auxiliary pump: 50 mL stainless steel, as on the reagent lines. */
export const AUXILIARY_SYRINGE = { capacityUl: 50_000, diameterMm: 28.6 } as const;

export class SimAuxiliaryPump implements SyringePump {
  readonly model: PumpModel;
  private modelTimeS: number;

  constructor(readonly id: string, private readonly context: SimContext) {
    this.model = new PumpModel(id, AUXILIARY_SYRINGE.capacityUl, AUXILIARY_SYRINGE.diameterMm);
    this.modelTimeS = context.clock.nowS();
  }

  async setDiameterMm(diameterMm: number): Promise<void> {
    this.call(`setDiameterMm ${diameterMm}`);
    pumpChecks.diameter(this.id, diameterMm);
    this.model.diameterMm = diameterMm;
  }

  async setRateUlPerMin(rateUlPerMin: number): Promise<void> {
    this.call(`setRateUlPerMin ${rateUlPerMin}`);
    pumpChecks.rate(this.id, rateUlPerMin, this.model.diameterMm);
    this.model.rateUlPerMin = rateUlPerMin;
    this.model.settle();
  }

  async setVolumeUl(volumeUl: number): Promise<void> {
    this.call(`setVolumeUl ${volumeUl}`);
    pumpChecks.volume(this.id, volumeUl);
    this.model.targetVolumeUl = volumeUl;
    this.model.settle();
  }

  async start(): Promise<void> {
    this.call('start');
    this.model.start(1);
  }

  async stop(): Promise<void> {
    this.call('stop');
    this.model.stop();
  }

  async status(): Promise<PumpStatus> {
    this.call('status');
    return { state: this.model.state, rateUlPerMin: this.model.rateUlPerMin, dispensedUl: this.model.dispensedUl };
  }

  /** Brings the model up to the clock, stopping at the moment it stops or stalls by itself. */
  sync(): void {
    const nowS = this.context.clock.nowS();
    for (;;) {
      const stepS = Math.min(nowS - this.modelTimeS, this.model.secondsToNextEvent(false));
      if (!(stepS > 0)) break;
      this.model.advance(stepS, false);
      this.modelTimeS += stepS;
      if (!this.model.settle()) break;
    }
    this.modelTimeS = Math.max(this.modelTimeS, nowS);
  }

  private call(command: string): void {
    this.context.call(this.id, command);
    this.sync();
  }
}
