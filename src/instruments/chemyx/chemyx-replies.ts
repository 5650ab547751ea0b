// Chemyx reply lines (echo already removed) checked by zod schemas. A reply that does not say
// exactly what the command should produce is an error, never a guessed number.
import { z } from 'zod';
import { InstrumentError, type PumpState } from '../interfaces.js';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A plain decimal number; "nan", "inf", "1e3" and empty text are refused. */
export const decimalText = z
  .string()
  .regex(DECIMAL, 'not a decimal number')
  .transform(Number)
  .pipe(z.number().finite());

/** "rate = 0.650000": the named parameter with a single number. */
function labelledNumberLine(label: string) {
  const pattern = new RegExp(`^${label}\\s*=\\s*(.*)$`, 'i');
  return z.string().transform((line, ctx) => {
    const match = pattern.exec(line);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `expected "${label} = <number>"` });
      return z.NEVER;
    }
    const parsed = decimalText.safeParse(match[1].trim());
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `${label} is not a decimal number` });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** A bare number or "<label> = <number>" (firmware versions differ in the label). */
const numberMaybeLabelled = z.string().transform((line, ctx) => {
  const value = line.includes('=') ? line.slice(line.lastIndexOf('=') + 1).trim() : line;
  const parsed = decimalText.safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal number' });
    return z.NEVER;
  }
  return parsed.data;
});

export const setValueReply = (label: 'diameter' | 'rate' | 'volume') =>
  z.tuple([labelledNumberLine(label)], { error: `expected one line "${label} = <number>"` }).transform(([value]) => value);

export const unitsReply = z
  .tuple([labelledNumberLine('units')], { error: 'expected one line "units = <code>"' })
  .transform(([code]) => code)
  .pipe(z.number().int().min(0).max(3));

const STATES: readonly PumpState[] = ['stopped', 'running', 'paused', 'delayed', 'stalled'];

export const statusReply = z
  .tuple([numberMaybeLabelled], { error: 'expected one line with the status code' })
  .transform(([code]) => code)
  .pipe(z.number().int('status code is not an integer').min(0).max(4, 'status code outside 0-4'))
  .transform((code) => STATES[code]);

export const dispensedReply = z
  .tuple([numberMaybeLabelled], { error: 'expected one line with the dispensed volume' })
  .transform(([volume]) => volume)
  .pipe(z.number().min(0, 'dispensed volume is negative'));

const firstLineMatches = (pattern: RegExp, expected: string) =>
  z.array(z.string()).min(1, `expected "${expected}"`).refine((lines) => pattern.test(lines[0]), `expected "${expected}"`);

export const startReply = firstLineMatches(/^pump (start running|delay)/i, 'Pump start running...');
export const stopReply = firstLineMatches(/^pump stop/i, 'Pump stop!');

/** Parses reply lines with `schema`; a refusal or a mismatch becomes an InstrumentError naming the command. */
export function parseReply<T>(schema: z.ZodType<T>, lines: string[], device: string, command: string): T {
  if (lines.some((line) => /invalid command/i.test(line))) {
    throw new InstrumentError(device, `pump refused '${command}': ${lines.join(' | ')}`);
  }
  const parsed = schema.safeParse(lines);
  if (parsed.success) return parsed.data;
  const shown = lines.length > 0 ? JSON.stringify(lines.join(' | ')) : 'nothing';
  throw new InstrumentError(device, `unexpected reply to '${command}': ${shown} (${parsed.error.issues[0]?.message})`);
}
