// A bad flag or value: printed as one line naming it, exit code 2.
import type { z } from 'zod';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse a flag's value with a schema; a failure names the flag and what was expected. */
export function parseFlag<T>(flag: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` (item ${issue.path.map((p) => (typeof p === 'number' ? p + 1 : String(p))).join('.')})` : '';
    throw new UsageError(`invalid value for ${flag}${where}: ${issue.message}`);
  }
  return parsed.data;
}
