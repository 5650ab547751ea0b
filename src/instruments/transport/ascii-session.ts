// Command/reply exchanges with an ASCII instrument: send a command with its terminator, read
// the reply up to the device's prompt (Chemyx: echo, reply lines, '>') or a fixed number of
// lines, and hand back the reply lines without the echo. One exchange at a time per link.
import { InstrumentError } from '../interfaces.js';
import { ByteReader, type FrameEnd } from './byte-reader.js';
import type { ByteStream } from './byte-stream.js';
import { Exclusive } from './exclusive.js';

export type ReplyFraming =
  /** The reply ends with `prompt` at the start of a line. */
  | { kind: 'prompt'; prompt: string }
  /** The reply is this many lines, each ending in LF (CR LF is fine). */
  | { kind: 'lines'; count: number }
  /** The device does not answer. */
  | { kind: 'none' };

export interface AsciiSessionOptions {
  /** Appended to every command, e.g. "\r". */
  terminator: string;
  framing: ReplyFraming;
  /** The device repeats each command before its reply; the repeat is checked and dropped. */
  echo: boolean;
  timeoutMs: number;
}

export const TERMINATORS = { CR: '\r', LF: '\n', CRLF: '\r\n' } as const;
export type TerminatorName = keyof typeof TERMINATORS;

export function promptFrameEnd(prompt: string): FrameEnd {
  const promptBytes = Buffer.from(prompt, 'latin1');
  return (buffer) => {
    let from = 0;
    for (;;) {
      const at = buffer.indexOf(promptBytes, from);
      if (at < 0) return -1;
      const lineStart = at === 0 || buffer[at - 1] === 0x0a || buffer[at - 1] === 0x0d;
      if (lineStart) return at + promptBytes.length;
      from = at + 1;
    }
  };
}

export function linesFrameEnd(count: number): FrameEnd {
  return (buffer) => {
    let from = 0;
    for (let line = 0; line < count; line++) {
      const at = buffer.indexOf(0x0a, from);
      if (at < 0) return -1;
      from = at + 1;
    }
    return from;
  };
}

/** Reply text as trimmed, non-empty lines. */
export function replyLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** How many later exchanges a timed-out command's reply is still expected to turn up in. */
const LATE_REPLY_EXCHANGES = 3;

export class AsciiSession {
  private readonly reader: ByteReader;
  private readonly exclusive = new Exclusive();
  /** Echo sessions: commands whose reply did not come in time, with the exchanges left to expect it in. */
  private readonly lateCommands = new Map<string, number>();
  /** Sessions without echo: a reply is overdue, so the next exchange first waits for it and drops it. */
  private overdueFraming: ReplyFraming | undefined;

  constructor(readonly stream: ByteStream, readonly options: AsciiSessionOptions) {
    this.reader = new ByteReader(stream);
  }

  /**
   * Sends `command` and returns the reply lines (echo removed); `framing` overrides the session's
   * for this command. A reply to an earlier command that timed out is never taken for this one:
   * with echo it is recognised by its echo and dropped; without echo the next exchange first
   * waits (up to the timeout) for the overdue reply and drops it.
   */
  exchange(command: string, device: string, options: { timeoutMs?: number; framing?: ReplyFraming; signal?: AbortSignal } = {}): Promise<string[]> {
    return this.exclusive.run(async () => {
      const { echo, terminator } = this.options;
      const framing = options.framing ?? this.options.framing;
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
      await this.dropOverdueReply(device, timeoutMs);
      this.reader.discardPending();
      try {
        await this.stream.write(Buffer.from(command + terminator, 'latin1'));
      } catch (error) {
        throw new InstrumentError(device, `cannot send '${command}' on ${this.stream.description}: ${(error as Error).message}`);
      }
      if (framing.kind === 'none') return [];
      const frameEnd = frameEndOf(framing, echo);
      const what = framing.kind === 'prompt' ? `'${framing.prompt}' prompt after '${command}'` : `reply to '${command}'`;
      const deadline = Date.now() + timeoutMs;
      const dropped: string[] = [];
      for (;;) {
        let frame: Buffer;
        try {
          frame = await this.reader.readUntil(frameEnd, { device, timeoutMs: Math.max(1, deadline - Date.now()), statedTimeoutMs: timeoutMs, what, signal: options.signal });
        } catch (error) {
          this.noteLate(command, framing);
          if (dropped.length > 0 && error instanceof InstrumentError) {
            throw new InstrumentError(device, `${error.message.slice(device.length + 2)}; dropped as late replies to earlier commands: ${JSON.stringify(dropped.join(' | '))}`);
          }
          throw error;
        }
        let text = frame.toString('latin1');
        if (framing.kind === 'prompt') text = text.slice(0, text.length - framing.prompt.length);
        const lines = replyLines(text);
        if (!echo) return lines;
        if (lines[0] === command.trim()) {
          this.countExchange();
          return lines.slice(1);
        }
        // The reply (or the rest of it) to a command that timed out earlier: drop it, keep reading.
        if (lines.length > 0 && this.lateCommands.delete(lines[0])) {
          dropped.push(lines.join(' | '));
          continue;
        }
        if (this.lateCommands.size > 0 && !lines.some((line) => line === command.trim())) {
          dropped.push(lines.join(' | '));
          continue;
        }
        throw new InstrumentError(device, `reply to '${command}' does not start with its echo (got ${JSON.stringify(lines.join(' | '))})`);
      }
    });
  }

  async close(): Promise<void> {
    this.reader.dispose();
    await this.stream.close();
  }

  private noteLate(command: string, framing: ReplyFraming): void {
    if (this.options.echo) this.lateCommands.set(command.trim(), LATE_REPLY_EXCHANGES);
    else this.overdueFraming = framing;
  }

  /** A successful exchange: late replies still expected get one exchange fewer to turn up. */
  private countExchange(): void {
    for (const [command, left] of this.lateCommands) {
      if (left <= 1) this.lateCommands.delete(command);
      else this.lateCommands.set(command, left - 1);
    }
  }

  private async dropOverdueReply(device: string, timeoutMs: number): Promise<void> {
    const framing = this.overdueFraming;
    if (!framing || framing.kind === 'none') return;
    this.overdueFraming = undefined;
    await this.reader.readUntil(frameEndOf(framing, false), { device, timeoutMs, what: 'overdue reply' }).catch(() => undefined);
  }
}

function frameEndOf(framing: Exclude<ReplyFraming, { kind: 'none' }>, echo: boolean): FrameEnd {
  return framing.kind === 'prompt' ? promptFrameEnd(framing.prompt) : linesFrameEnd(framing.count + (echo ? 1 : 0));
}
