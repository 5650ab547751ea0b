// A light whose driver takes text commands (an Arduino or DAQ relay box on a serial port, a
// SCPI LED driver): configurable on/off strings, an optional acknowledgement to check, and an
// optional state query. Without a query, isOn() is the state last set.
import { InstrumentError, type LightSource } from '../interfaces.js';
import type { AsciiSession } from '../transport/ascii-session.js';

export interface AsciiCommandLightOptions {
  /** Name in errors. */
  device: string;
  onCommand: string;
  offCommand: string;
  /** The reply each on/off command must produce (a regular expression); omit if the device says nothing. */
  acknowledgement?: RegExp;
  /** A command that reports the state, with the replies meaning on and off. */
  query?: { command: string; onReply: RegExp; offReply: RegExp };
}

export class AsciiCommandLight implements LightSource {
  private on = false;

  constructor(private readonly session: AsciiSession, private readonly options: AsciiCommandLightOptions) {}

  /** Only with a state query; otherwise isOn() is the state last set. */
  get readsBack(): boolean {
    return this.options.query !== undefined;
  }

  async setOn(on: boolean): Promise<void> {
    const command = on ? this.options.onCommand : this.options.offCommand;
    const { acknowledgement } = this.options;
    const lines = await this.session.exchange(command, this.options.device, { framing: acknowledgement ? { kind: 'lines', count: 1 } : { kind: 'none' } });
    if (acknowledgement && !(lines.length === 1 && acknowledgement.test(lines[0]))) {
      throw new InstrumentError(this.options.device, `reply to '${command}' is ${JSON.stringify(lines.join(' | '))}, expected ${acknowledgement}`);
    }
    this.on = on;
  }

  async isOn(): Promise<boolean> {
    const { query } = this.options;
    if (!query) return this.on;
    const lines = await this.session.exchange(query.command, this.options.device, { framing: { kind: 'lines', count: 1 } });
    const reply = lines.length === 1 ? lines[0] : undefined;
    if (reply !== undefined && query.onReply.test(reply)) return true;
    if (reply !== undefined && query.offReply.test(reply)) return false;
    throw new InstrumentError(this.options.device, `reply to '${query.command}' is ${JSON.stringify(lines.join(' | '))}, neither ${query.onReply} nor ${query.offReply}`);
  }
}
