// Chemyx Fusion 6000 syringe pump over its ASCII serial protocol (docs/instruments.md, protocols
// doc §1): every set command is checked against the value the pump echoes back, and status
// replies are parsed strictly. Rates are uL/min and volumes uL (units code 2).
import { InstrumentError, type PumpStatus, type SyringePump } from '../interfaces.js';
import type { AsciiSession } from '../transport/ascii-session.js';
import { dispensedReply, parseReply, setValueReply, startReply, statusReply, stopReply, unitsReply } from './chemyx-replies.js';

/** `set units` code for uL/min (volumes then in uL). */
export const UNITS_UL_PER_MIN = 2;

/** Bore range the Fusion firmware accepts (qudi F4000X constraints, used as the Fusion envelope). */
export const CHEMYX_DIAMETER_LIMITS_MM = { min: 0.103, max: 60 } as const;

/** Decimals sent per parameter: the pump keeps 3 for the bore, 5 for volume; the rate echo has 6. */
const DECIMALS = { diameter: 3, rate: 6, volume: 5 } as const;

export interface ChemyxPumpOptions {
  id: string;
  /** Name in errors; "chemyx <id>" by default. */
  device?: string;
  /** Channel of a dual-channel unit; every command is then prefixed with it ("1 set rate 5"). */
  channel?: 1 | 2;
  /** Bore of the syringe fitted to this pump; any other diameter is refused. */
  fittedDiameterMm?: number;
  /** Largest relative difference accepted between a set value and the pump's echo of it. */
  relativeTolerance?: number;
}

/** Fixed-point text without trailing zeros or exponent: 0.1234567 with 6 decimals -> "0.123457". */
export function formatDecimal(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export class ChemyxPump implements SyringePump {
  readonly id: string;
  readonly device: string;
  private confirmedRateUlPerMin = 0;

  constructor(private readonly session: AsciiSession, private readonly options: ChemyxPumpOptions) {
    this.id = options.id;
    this.device = options.device ?? `chemyx ${options.id}`;
  }

  /** Puts the pump in uL/min, uL; must run once before anything else. */
  async initialise(): Promise<void> {
    const command = this.command(`set units ${UNITS_UL_PER_MIN}`);
    const code = parseReply(unitsReply, await this.session.exchange(command, this.device), this.device, command);
    if (code !== UNITS_UL_PER_MIN) throw new InstrumentError(this.device, `asked for units ${UNITS_UL_PER_MIN} (uL/min), pump reports units ${code}`);
  }

  async setDiameterMm(diameterMm: number): Promise<void> {
    const { min, max } = CHEMYX_DIAMETER_LIMITS_MM;
    if (!(diameterMm >= min && diameterMm <= max)) throw new InstrumentError(this.device, `diameter ${diameterMm} mm outside ${min}-${max} mm`);
    const fitted = this.options.fittedDiameterMm;
    if (fitted !== undefined && Math.abs(diameterMm - fitted) > 0.0005) {
      throw new InstrumentError(this.device, `asked to set a ${diameterMm} mm bore, but the lab configuration says the fitted syringe is ${fitted} mm`);
    }
    await this.setVerified('diameter', diameterMm, 'mm');
  }

  async setRateUlPerMin(rateUlPerMin: number): Promise<void> {
    this.confirmedRateUlPerMin = await this.setVerified('rate', rateUlPerMin, 'uL/min');
  }

  async setVolumeUl(volumeUl: number): Promise<void> {
    await this.setVerified('volume', volumeUl, 'uL');
  }

  async start(): Promise<void> {
    const command = this.command('start');
    parseReply(startReply, await this.session.exchange(command, this.device), this.device, command);
  }

  async stop(): Promise<void> {
    const command = this.command('stop');
    parseReply(stopReply, await this.session.exchange(command, this.device), this.device, command);
  }

  /** State and dispensed volume come from the pump; the rate is the last one the pump confirmed. */
  async status(): Promise<PumpStatus> {
    const statusCommand = this.command('pump status');
    const state = parseReply(statusReply, await this.session.exchange(statusCommand, this.device), this.device, statusCommand);
    const volumeCommand = this.command('dispensed volume');
    const dispensedUl = parseReply(dispensedReply, await this.session.exchange(volumeCommand, this.device), this.device, volumeCommand);
    return { state, rateUlPerMin: this.confirmedRateUlPerMin, dispensedUl };
  }

  /** Sends `set <parameter> <value>` and returns the value the pump echoes, after checking it matches. */
  private async setVerified(parameter: 'diameter' | 'rate' | 'volume', value: number, unit: string): Promise<number> {
    if (!(Number.isFinite(value) && value > 0)) throw new InstrumentError(this.device, `${parameter} must be a positive number, got ${value}`);
    const text = formatDecimal(value, DECIMALS[parameter]);
    const sent = Number(text);
    if (sent === 0) throw new InstrumentError(this.device, `${parameter} ${value} ${unit} rounds to 0 at the pump's ${DECIMALS[parameter]} decimals`);
    const command = this.command(`set ${parameter} ${text}`);
    const echoed = parseReply(setValueReply(parameter), await this.session.exchange(command, this.device), this.device, command);
    const tolerance = Math.max((this.options.relativeTolerance ?? 1e-3) * sent, 0.5 * 10 ** -DECIMALS[parameter]);
    if (Math.abs(echoed - sent) > tolerance) {
      throw new InstrumentError(this.device, `asked for ${parameter} ${text} ${unit}, pump reports ${echoed} (outside its range for this syringe?)`);
    }
    return echoed;
  }

  private command(text: string): string {
    return this.options.channel === undefined ? text : `${this.options.channel} ${text}`;
  }
}
