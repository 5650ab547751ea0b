// `sdfl serve` as a script sees it: one JSON line saying where it listens, one log line per
// request on stderr (none below the chosen level), and an orderly stop on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-serve-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function serveAndGet(extra: string[], gets: number): Promise<{ startup: { url: string; port: number; database: string; auth: string }; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['bin/sdfl.js', 'serve', '--port', '0', '--json', '--db', join(directory, `${extra.join('')}.sqlite`), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const startup = await new Promise<{ url: string; port: number; database: string; auth: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]));
    });
    child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  for (let i = 0; i < gets; i++) expect((await fetch(`${startup.url}/api/health`)).status).toBe(200);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (exitCode) => resolve(exitCode));
    child.kill('SIGTERM');
  });
  return { startup, stderr, code };
}

const requestLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; url?: string; status?: number }).filter((entry) => entry.msg === 'request');

describe('sdfl serve', () => {
  it('--json prints where it listens; each request is one log line', async () => {
    const { startup, stderr, code } = await serveAndGet([], 3);
    expect(startup).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), auth: 'open' });
    expect(startup.port).toBeGreaterThan(0);
    expect(requestLines(stderr).map((r) => [r.url, r.status])).toEqual([['/api/health', 200], ['/api/health', 200], ['/api/health', 200]]);
    expect(code).toBe(0);
  }, 60_000);

  it('--log-level warn keeps requests out of the log; a bad level exits 2', async () => {
    const { stderr } = await serveAndGet(['--log-level', 'warn'], 2);
    expect(requestLines(stderr)).toEqual([]);
    const bad = spawn(process.execPath, ['bin/sdfl.js', 'serve', '--log-level', 'chatty', '--db', join(directory, 'x.sqlite')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (chunk) => { err += chunk; });
    expect(await new Promise((resolve) => bad.on('exit', resolve))).toBe(2);
    expect(err).toMatch(/--log-level: expected one of fatal, error, warn, info, debug, trace, silent/);
  }, 60_000);
});
