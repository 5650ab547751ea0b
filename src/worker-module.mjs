// Worker threads start from a plain JavaScript entry. From the built package (dist/) the
// compiled module sits beside it; from the TypeScript sources (tests, development) the
// entry registers tsx in the thread first, since a loader registered on the main thread does
// not reach workers.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Imports `name` (no extension) next to the entry at `entryUrl`. */
export async function loadWorkerModule(entryUrl, name) {
  const compiled = new URL(`${name}.js`, entryUrl);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`${name}.ts`, entryUrl).href);
}
