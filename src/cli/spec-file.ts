// Reads a campaign spec file (YAML, or JSON, which YAML reads too); what the schema makes of it
// is the caller's business. A file that cannot be read or parsed is a usage error naming it.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage-error.js';

export function readSpecFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read spec ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`spec ${path} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}
