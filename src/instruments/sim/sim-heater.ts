// A Watlow-like temperature controller on the virtual rig.
import type { ControllerMode, TemperatureController } from '../interfaces.js';
import { asInstrumentError, type SimContext } from './sim-context.js';

export class SimHeater implements TemperatureController {
  constructor(private readonly context: SimContext) {}

  private get heater() {
    return this.context.simulation.heater;
  }

  async setSetpointC(temperatureC: number): Promise<void> {
    this.context.call('heater', `setSetpointC ${temperatureC}`);
    asInstrumentError('heater', () => this.heater.setSetpoint(temperatureC));
  }

  async readSetpointC(): Promise<number> {
    this.context.call('heater', 'readSetpointC');
    return this.heater.setpointC;
  }

  async readProcessValueC(): Promise<number> {
    this.context.call('heater', 'readProcessValueC');
    return this.context.simulation.readProcessValueC();
  }

  async setMode(mode: ControllerMode): Promise<void> {
    this.context.call('heater', `setMode ${mode}`);
    this.heater.setMode(mode);
  }

  async readMode(): Promise<ControllerMode> {
    this.context.call('heater', 'readMode');
    return this.heater.mode;
  }
}
