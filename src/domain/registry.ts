// A named collection that code can extend at run time (policies, surrogates). Lookups name
// what is known when a name is not, so a typo in a spec or a flag explains itself.
import { z } from 'zod';
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly what: string, private readonly nameOf: (entry: T) => string) {}

  register(entry: T): T {
    const name = this.nameOf(entry);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${this.what} name '${name}' must be lower-case letters, digits and dashes, starting with a letter`);
    if (this.entries.has(name)) throw new Error(`${this.what} '${name}' is already registered`);
    this.entries.set(name, entry);
    return entry;
  }

  /** Removes an entry added with `register` (plugins and tests that clean up after themselves). */
  unregister(name: string): void {
    this.entries.delete(name);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): T {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Error(this.unknownMessage(name));
    return entry;
  }

  find(name: string): T | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  all(): T[] {
    return [...this.entries.values()];
  }

  unknownMessage(name: string): string {
    return `unknown ${this.what} '${name}'; known: ${this.names().join(', ')}`;
  }
}

/**
 * Options keyed by entry name ({ ucb: { beta: 2 } }), each checked by that entry's own strict
 * schema; an unknown name or option is an issue at its path.
 */
export function optionsByNameSchema<T>(registry: Registry<T>, optionsSchemaOf: (entry: T) => z.ZodType) {
  return z.record(z.string(), z.record(z.string(), z.unknown())).superRefine((byName, ctx) => {
    for (const [name, options] of Object.entries(byName)) {
      const entry = registry.find(name);
      if (entry === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: registry.unknownMessage(name) });
        continue;
      }
      const parsed = optionsSchemaOf(entry).safeParse(options);
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [name, ...issue.path], message: issue.message });
    }
  });
}
