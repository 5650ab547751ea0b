// The 300 nm LED and the deuterium-halogen lamp (its shutter) on the virtual rig.
import type { LightSource } from '../interfaces.js';
import type { SimContext } from './sim-context.js';

export class SimLight implements LightSource {
  constructor(private readonly which: 'uvLed' | 'broadbandLamp', private readonly context: SimContext) {}

  async setOn(on: boolean): Promise<void> {
    this.context.call(this.which, `setOn ${on}`);
    if (this.which === 'uvLed') this.context.simulation.ledOn = on;
    else this.context.simulation.lampOn = on;
  }

  async isOn(): Promise<boolean> {
    this.context.call(this.which, 'isOn');
    return this.which === 'uvLed' ? this.context.simulation.ledOn : this.context.simulation.lampOn;
  }
}
