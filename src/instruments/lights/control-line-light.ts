// A light switched by a TTL-level line: the RTS or DTR output of a serial port, wired (through a
// level shifter or opto-coupler) to the DH-2000-BAL's TTL shutter input or the LED driver's
// trigger input (LEDD1B in TRIG mode). A line cannot be read back, so isOn() is the state last set.
import { InstrumentError, type LightSource } from '../interfaces.js';
import type { ControlLines } from '../transport/byte-stream.js';

export interface ControlLineLightOptions {
  /** Name in errors. */
  device: string;
  line: 'rts' | 'dtr';
  /** The light is on when the line is de-asserted. */
  activeLow?: boolean;
}

export class ControlLineLight implements LightSource {
  private on = false;
  readonly readsBack = false;

  private constructor(private readonly lines: ControlLines, private readonly options: ControlLineLightOptions) {}

  /** Drives the line to "off" straight away: opening a port may assert RTS/DTR by itself. */
  static async open(lines: ControlLines, options: ControlLineLightOptions): Promise<ControlLineLight> {
    const light = new ControlLineLight(lines, options);
    await light.setOn(false);
    return light;
  }

  async setOn(on: boolean): Promise<void> {
    const level = on !== (this.options.activeLow ?? false);
    try {
      await this.lines.setControlLines({ [this.options.line]: level });
    } catch (error) {
      throw new InstrumentError(this.options.device, `cannot set ${this.options.line.toUpperCase()} on ${this.lines.description}: ${(error as Error).message}`);
    }
    this.on = on;
  }

  async isOn(): Promise<boolean> {
    return this.on;
  }
}
