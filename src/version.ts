// The package's version, read once from package.json (CLI --version, API health, export headers).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const SDFL_VERSION = z.object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;
