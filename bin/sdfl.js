#!/usr/bin/env node
// The sdfl command. Runs the compiled build (dist/, made by `npm ci` and `npm run build`);
// when a source file is newer than the build (editing without rebuilding), or there is no
// build, it runs the TypeScript sources through tsx instead, so it never runs stale code.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.source-stamp', root);

function newestSourceMs(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name !== 'web') newest = Math.max(newest, newestSourceMs(new URL(`${entry.name}/`, directory)));
    } else {
      newest = Math.max(newest, statSync(new URL(entry.name, directory)).mtimeMs);
    }
  }
  return newest;
}

function buildIsCurrent() {
  if (!existsSync(stamp)) return false;
  return Number(readFileSync(stamp, 'utf8')) >= newestSourceMs(new URL('src/', root));
}

// A signal no command takes (no rig is held yet, or it was already made safe and released) ends
// the process with the conventional code rather than the default signal death.
for (const [name, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(name, () => {
    if (process.listenerCount(name) === 1) process.exit(code);
  });
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import(new URL('dist/cli/main.js', root).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('src/cli/main.ts', root).href));
}
const code = await main(process.argv.slice(2));
// Interrupted by SIGINT/SIGTERM (130/143): the rig is safe, nothing else is worth waiting for.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
