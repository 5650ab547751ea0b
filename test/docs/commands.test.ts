// The documented commands run this checkout's code: `npx sdfl` would look the name up in the
// npm registry (the project's own bin is not linked into node_modules/.bin) and could run a
// stranger's package.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const documents = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

describe('documented commands', () => {
  it.each(documents)('%s never runs sdfl through npx', (file) => {
    const lines = readFileSync(file, 'utf8').split('\n').map((line, i) => ({ line, number: i + 1 }));
    expect(lines.filter(({ line }) => /\bnpx\s+sdfl\b/.test(line)).map(({ number, line }) => `${number}: ${line}`)).toEqual([]);
  });

  it('the README opens with the set-up and main job, then the set-up and tests, which CI runs', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node bin/sdfl.js run');
    expect(readFileSync('README.md', 'utf8')).toMatch(/^```sh\nsource scripts\/setup\.sh && npm start +#.*\nsource scripts\/setup-tests\.sh && npm test +#/m);
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^source scripts\/setup-tests\.sh/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
