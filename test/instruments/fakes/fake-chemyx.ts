// A Chemyx pump at the other end of a byte stream, answering as the transcripts in the
// protocols doc show: echo of the command, reply lines ending in CR LF, then the '>' prompt.
import type { ByteStream } from '../../../src/instruments/transport/byte-stream.js';

export interface ChemyxChannel {
  units: number;
  diameterMm: number;
  rate: number;
  volume: number;
  /** 0 stopped, 1 running, 2 paused, 3 delayed, 4 stalled. */
  status: number;
  dispensed: number;
}

export interface FakeChemyxOptions {
  echo?: boolean;
  /** Rates above this are clamped, as a pump might for a syringe it cannot drive that fast. */
  maxRate?: number;
}

/** A reply hook: lines to send instead of the default, 'silent' for none at all, undefined for the default. */
export type ChemyxOverride = (command: string) => string[] | 'silent' | undefined;

const fresh = (): ChemyxChannel => ({ units: 0, diameterMm: 10, rate: 0, volume: 0, status: 0, dispensed: 0 });

export class FakeChemyx {
  /** Every byte received, as text. */
  wire = '';
  /** Commands as received, without terminator. */
  readonly commands: string[] = [];
  readonly channels: Record<string, ChemyxChannel> = { '': fresh(), '1': fresh(), '2': fresh() };
  override: ChemyxOverride | undefined;
  /** Milliseconds to wait before answering a command (0: answer at once). */
  replyDelayMs: (command: string) => number = () => 0;
  private pending = '';

  constructor(private readonly stream: ByteStream, private readonly options: FakeChemyxOptions = {}) {
    stream.onData((bytes) => this.receive(Buffer.from(bytes).toString('latin1')));
  }

  /** The single-channel state (no channel prefix). */
  get state(): ChemyxChannel {
    return this.channels[''];
  }

  private receive(text: string): void {
    this.wire += text;
    this.pending += text;
    for (;;) {
      const end = this.pending.search(/[\r\n]/);
      if (end < 0) return;
      const command = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 1);
      if (command.length === 0) continue;
      this.commands.push(command);
      const custom = this.override?.(command);
      if (custom === 'silent') continue;
      const lines = custom ?? this.answer(command);
      const echo = this.options.echo === false ? '' : `${command}\r\n`;
      const bytes = Buffer.from(`${echo}${lines.map((line) => `${line}\r\n`).join('')}>`, 'latin1');
      const delayMs = this.replyDelayMs(command);
      if (delayMs > 0) setTimeout(() => void this.stream.write(bytes).catch(() => undefined), delayMs);
      else void this.stream.write(bytes);
    }
  }

  private answer(command: string): string[] {
    const prefixed = /^([12]) (.*)$/.exec(command);
    const channel = this.channels[prefixed ? prefixed[1] : ''];
    const body = prefixed ? prefixed[2] : command;
    const set = /^set (units|diameter|rate|volume) (\S+)$/.exec(body);
    if (set) {
      const value = Number(set[2]);
      if (!Number.isFinite(value)) return ['Invalid Command!'];
      switch (set[1]) {
        case 'units':
          channel.units = value;
          return [`units = ${value}`];
        case 'diameter':
          channel.diameterMm = value;
          return [`diameter = ${value.toFixed(3)}`];
        case 'rate':
          channel.rate = Math.min(value, this.options.maxRate ?? Infinity);
          return [`rate = ${channel.rate.toFixed(6)}`];
        default:
          channel.volume = value;
          return [`volume = ${value.toFixed(6)}`];
      }
    }
    switch (body) {
      case 'start':
        channel.status = 1;
        channel.dispensed = 0;
        return ['Pump start running...'];
      case 'stop':
        channel.status = 0;
        return ['Pump stop!'];
      case 'pump status':
        return [String(channel.status)];
      case 'dispensed volume':
        return [`dispensed volume = ${channel.dispensed.toFixed(4)}`];
      default:
        return ['Invalid Command!'];
    }
  }
}
