// --lab FILE (JSON or YAML) and --seed become a validated lab configuration.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { labConfigSchema, type LabConfig } from '../instruments/lab-config.js';
import { UsageError } from './usage-error.js';

export function labConfigFromFlags(labFile: string | undefined, seed: number): LabConfig {
  if (labFile === undefined) return labConfigSchema.parse({ kind: 'virtual', seed });
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(labFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`--lab ${labFile}: ${(error as Error).message}`);
  }
  const parsed = labConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new UsageError(`--lab ${labFile}: ${problems}`);
  }
  return parsed.data;
}
