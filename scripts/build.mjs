// Builds what `node bin/sdfl.js` runs: the TypeScript sources compiled to dist/ (with the
// plain-JavaScript worker entries copied beside them) and the dashboard (src/web/dist).
// Writes dist/.source-stamp: the newest source time, so bin/sdfl.js can tell a stale build.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const only = process.argv[2]; // 'node' or 'web' to build one part

if (only !== 'web') {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  let newestMs = 0;
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'web') walk(path);
        continue;
      }
      newestMs = Math.max(newestMs, statSync(path).mtimeMs);
      if (entry.name.endsWith('.mjs')) {
        const target = join(root, 'dist', relative(join(root, 'src'), path));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(path, target);
      }
    }
  };
  walk(join(root, 'src'));
  writeFileSync(join(root, 'dist', '.source-stamp'), `${newestMs}\n`);
}
if (only !== 'node') run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.web.ts']);
