// Watlow F4T loop as the rig's heater over Modbus: set point and process value as floats,
// user control mode as a value ID. Every write is read back; "standby" is mode off.
// After the Modbus link reconnects (a controller reboot), units and word order are checked
// again before the next temperature is read or written; the control mode does not depend on them.
import { InstrumentError, type ControllerMode, type TemperatureController } from '../interfaces.js';
import { wordsToFloat32, float32ToWords, type WordOrder } from './float-codec.js';
import { F4T_DISPLAY_UNITS_REGISTER, F4T_MODE_CODES, F4T_REGISTERS, F4T_UNIT_CODES, loopRegister } from './f4t-registers.js';
import type { HoldingRegisters } from './modbus-tcp.js';

export interface F4tOptions {
  /** Name in errors; "watlow f4t" by default. */
  device?: string;
  /** Control loop 1-4. */
  loop?: number;
  wordOrder?: WordOrder;
  /** Temperature unit of the controller's Modbus values; checked against its units register at open. */
  temperatureUnits?: 'C' | 'F';
}

/** Set-point readings outside this window mean a wrong word order or register map, not a real range. */
const PLAUSIBLE_RANGE_C = { min: -300, max: 2000 } as const;

const toCelsius = (value: number, units: 'C' | 'F') => (units === 'C' ? value : ((value - 32) * 5) / 9);
const fromCelsius = (temperatureC: number, units: 'C' | 'F') => (units === 'C' ? temperatureC : (temperatureC * 9) / 5 + 32);

export class WatlowF4t implements TemperatureController {
  readonly device: string;
  private readonly loop: number;
  private readonly wordOrder: WordOrder;
  private readonly units: 'C' | 'F';
  /** The link's reconnect count when units and word order were last checked. */
  private checkedAtConnection: number;

  private constructor(private readonly registers: HoldingRegisters, options: F4tOptions) {
    this.device = options.device ?? 'watlow f4t';
    this.loop = options.loop ?? 1;
    this.wordOrder = options.wordOrder ?? 'low-high';
    this.units = options.temperatureUnits ?? 'C';
    this.checkedAtConnection = registers.reconnects ?? 0;
    if (!(Number.isInteger(this.loop) && this.loop >= 1 && this.loop <= 4)) throw new InstrumentError(this.device, `loop must be 1-4, got ${this.loop}`);
  }

  /** Connects the driver and checks units and word order against what the controller reports. */
  static async open(registers: HoldingRegisters, options: F4tOptions = {}): Promise<WatlowF4t> {
    const controller = new WatlowF4t(registers, options);
    await controller.checkUnits();
    await controller.setpointRangeC();
    return controller;
  }

  /** Set-point limits configured on the controller, in C. */
  async setpointRangeC(): Promise<{ lowC: number; highC: number }> {
    const words = await this.registers.read(this.register(F4T_REGISTERS.setpointRangeLow), 4);
    const lowC = toCelsius(wordsToFloat32(words.slice(0, 2), this.wordOrder), this.units);
    const highC = toCelsius(wordsToFloat32(words.slice(2, 4), this.wordOrder), this.units);
    const plausible = (value: number) => Number.isFinite(value) && value >= PLAUSIBLE_RANGE_C.min && value <= PLAUSIBLE_RANGE_C.max;
    if (!(plausible(lowC) && plausible(highC) && lowC < highC)) {
      throw new InstrumentError(this.device, `set-point range reads ${lowC} to ${highC} C; check the Modbus word order (configured ${this.wordOrder}) and data map`);
    }
    return { lowC, highC };
  }

  async setSetpointC(temperatureC: number): Promise<void> {
    if (!Number.isFinite(temperatureC)) throw new InstrumentError(this.device, `set point must be a finite number, got ${temperatureC}`);
    const { lowC, highC } = await this.setpointRangeC();
    await this.recheckAfterReconnect();
    if (temperatureC < lowC || temperatureC > highC) {
      throw new InstrumentError(this.device, `set point ${temperatureC} C outside the controller's range ${lowC}-${highC} C`);
    }
    const address = this.register(F4T_REGISTERS.closedLoopSetpoint);
    const asked = fromCelsius(temperatureC, this.units);
    await this.registers.write(address, float32ToWords(asked, this.wordOrder));
    const readBack = await this.readFloat(address, 'set point');
    // float32 keeps ~7 digits; anything further off was clamped or not written.
    if (Math.abs(readBack - asked) > 1e-5 * Math.max(1, Math.abs(asked))) {
      throw new InstrumentError(this.device, `wrote set point ${asked} ${this.units}, controller reads back ${readBack} ${this.units}`);
    }
  }

  async readSetpointC(): Promise<number> {
    return this.readTemperatureC(F4T_REGISTERS.closedLoopSetpoint, 'set point');
  }

  async readProcessValueC(): Promise<number> {
    return this.readTemperatureC(F4T_REGISTERS.processValue, 'process value');
  }

  async setMode(mode: ControllerMode): Promise<void> {
    const code = F4T_MODE_CODES[mode];
    if (code === undefined) throw new InstrumentError(this.device, `unknown control mode ${String(mode)}`);
    const address = this.register(F4T_REGISTERS.userControlMode);
    await this.registers.write(address, [code]);
    const [readBack] = await this.registers.read(address, 1);
    if (readBack !== code) throw new InstrumentError(this.device, `wrote control mode ${code} (${mode}), controller reads back ${readBack}`);
  }

  /** The control mode in force (which can differ from the user's, e.g. after a sensor fault). */
  async readMode(): Promise<ControllerMode> {
    const [code] = await this.registers.read(this.register(F4T_REGISTERS.activeControlMode), 1);
    const mode = (Object.keys(F4T_MODE_CODES) as ControllerMode[]).find((name) => F4T_MODE_CODES[name] === code);
    if (!mode) throw new InstrumentError(this.device, `control mode register holds ${code}, not 10 (auto), 54 (manual) or 62 (off)`);
    return mode;
  }

  /** A temperature read over a link known to reach a controller with the configured units and word order. */
  private async readTemperatureC(base: number, what: string): Promise<number> {
    await this.recheckAfterReconnect();
    const connection = this.registers.reconnects ?? 0;
    const value = toCelsius(await this.readFloat(this.register(base), what), this.units);
    if ((this.registers.reconnects ?? 0) === connection) return value;
    // The link reconnected during the read: check the controller, then read again.
    await this.recheckAfterReconnect();
    return toCelsius(await this.readFloat(this.register(base), what), this.units);
  }

  /** A controller that rebooted may come back with other settings: check them before trusting a temperature. */
  private async recheckAfterReconnect(): Promise<void> {
    const connection = this.registers.reconnects ?? 0;
    if (connection === this.checkedAtConnection) return;
    await this.checkUnits();
    await this.setpointRangeC();
    this.checkedAtConnection = connection;
  }

  private async checkUnits(): Promise<void> {
    const [code] = await this.registers.read(F4T_DISPLAY_UNITS_REGISTER, 1);
    const expected = F4T_UNIT_CODES[this.units];
    if (code !== expected) {
      const shown = code === F4T_UNIT_CODES.C ? 'C' : code === F4T_UNIT_CODES.F ? 'F' : `code ${code}`;
      throw new InstrumentError(this.device, `controller units are ${shown} (register ${F4T_DISPLAY_UNITS_REGISTER}), lab configuration says ${this.units}`);
    }
  }

  private async readFloat(address: number, what: string): Promise<number> {
    const value = wordsToFloat32(await this.registers.read(address, 2), this.wordOrder);
    if (!Number.isFinite(value)) throw new InstrumentError(this.device, `${what} register ${address} holds ${value}`);
    return value;
  }

  private register(base: number): number {
    return loopRegister(base, this.loop);
  }
}
