// Switch-line and text-command light drivers at the other end of a link.
import type { ByteStream, ControlLines } from '../../../src/instruments/transport/byte-stream.js';

/** Records every RTS/DTR change, as an oscilloscope on the lines would. */
export class RecordingLines implements ControlLines {
  readonly description = 'serial /dev/ttyLAMP';
  readonly changes: Array<{ rts?: boolean; dtr?: boolean }> = [];
  fail: Error | undefined;

  async setControlLines(lines: { rts?: boolean; dtr?: boolean }): Promise<void> {
    if (this.fail) throw this.fail;
    this.changes.push(lines);
  }
}

/** An LED box that takes "LED ON" / "LED OFF" / "LED?" lines and answers "OK" / "ON" / "OFF". */
export class FakeLedBox {
  on = false;
  readonly commands: string[] = [];
  /** Reply to send instead of the normal one. */
  override: ((command: string) => string | undefined) | undefined;
  private pending = '';

  /** With `silentSwitching`, "LED ON"/"LED OFF" get no reply at all (only the query answers). */
  constructor(private readonly stream: ByteStream, private readonly options: { silentSwitching?: boolean } = {}) {
    stream.onData((bytes) => {
      this.pending += Buffer.from(bytes).toString('latin1');
      for (;;) {
        const end = this.pending.indexOf('\n');
        if (end < 0) return;
        const command = this.pending.slice(0, end).trim();
        this.pending = this.pending.slice(end + 1);
        this.commands.push(command);
        const reply = this.override?.(command) ?? this.answer(command);
        if (this.options.silentSwitching && command !== 'LED?') continue;
        void this.stream.write(Buffer.from(`${reply}\r\n`, 'latin1'));
      }
    });
  }

  private answer(command: string): string {
    if (command === 'LED ON') this.on = true;
    else if (command === 'LED OFF') this.on = false;
    else if (command === 'LED?') return this.on ? 'ON' : 'OFF';
    else return 'ERR';
    return 'OK';
  }
}
