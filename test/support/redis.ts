// A private redis-server for a test file: a free port on 127.0.0.1, a temporary directory,
// no persistence; stopped (and its directory removed) by stop(). scripts/setup-tests.sh
// installs Debian's redis-server, so no test depends on a system service.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.SDFL_REDIS_SERVER ?? 'redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startOn(port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', (error) => reject(new Error(`cannot start ${REDIS_SERVER} (run scripts/setup-tests.sh to install it): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${REDIS_SERVER} exited with code ${code}: ${output.slice(-500)}`)));
  });
}

/** Starts redis-server; `extra` are more arguments (e.g. ['--requirepass', 'x']). */
export async function startTestRedis(extra: string[] = []): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'sdfl-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await startOn(port, dir, extra);
    } catch (error) {
      lastError = error;
      continue;
    }
    child.removeAllListeners('exit');
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: () => new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
