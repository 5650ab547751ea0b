import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';
import { FakeChemyx } from '../instruments/fakes/fake-chemyx.js';
import { FakeF4t, exception, f4tLoopRegisters, putFloatLowHigh } from '../instruments/fakes/fake-f4t.js';
import { serveOnLocalhost } from '../instruments/fakes/tcp-fixture.js';

function labFile(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sdfl-rig-')), 'lab.yaml');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('sdfl rig safe', () => {
  it('puts the rig in the safe state, prints every device read back, exit 0', async () => {
    const result = await run(['rig', 'safe']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^virtual rig: 11 of 11 devices confirmed safe$/m);
    expect(result.out).toMatch(/^ {2}pump cui \(CuI stock pump\)\s+safe\s+stopped\s+\[stop, status: stopped\]$/m);
    expect(result.out).toMatch(/^ {2}heater reactor \(reactor temperature controller\)\s+safe\s+mode off\s+\[mode off, mode: off\]$/m);
    expect(result.out).not.toMatch(/spectrometer/);
    expect(result.out).toMatch(/rig in the safe state\n$/);
  });

  it('prints the report as JSON', async () => {
    const result = await run(['rig', 'safe', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json).toMatchObject({ rig: 'virtual', safe: true, failures: [] });
    expect(json.devices).toHaveLength(11);
    expect(json.devices[8]).toMatchObject({ capability: 'heater', role: 'reactor', safe: true, state: 'mode off', actions: ['mode off', 'mode: off'] });
  });

  it('exits 1 naming a device it cannot confirm safe, after trying the others', async () => {
    const result = await run(['rig', 'safe', '--lab', labFile({ kind: 'virtual', faults: { loseLink: ['pfo'] } })]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^virtual rig: 10 of 11 devices confirmed safe$/m);
    expect(result.out).toMatch(/^ {2}pump pfo \(PFO carrier pump\)\s+NOT SAFE\s+unknown \(status not read\)/m);
    expect(result.out).toMatch(/^ {2}heater reactor .*safe\s+mode off/m);
    expect(result.out).toMatch(/SAFE STATE NOT CONFIRMED for 1 device\(s\): check them by hand/);
    expect(result.err).toBe('error: not confirmed safe: pump pfo: pfo: no reply (link lost)\n');
  });

  it('on hardware: stops a running pump and, when the F4T refuses mode off, sets 25 C and reads it back', async () => {
    let pump: FakeChemyx | undefined;
    const unit = await serveOnLocalhost((stream) => {
      pump = new FakeChemyx(stream);
      pump.state.status = 1;
    });
    const registers = f4tLoopRegisters({ setpointC: 135, processValueC: 134.6, mode: 10 });
    const f4t = await new FakeF4t({ registers }).listen();
    f4t.override = (request) => (request[7] === 16 && request.readUInt16BE(8) === 2730 ? exception(request, 3) : undefined);
    try {
      const result = await run(['rig', 'safe', '--json', '--lab', labFile({
        kind: 'hardware',
        pumps: { pfo: { host: '127.0.0.1', port: unit.port, diameterMm: 34.9, timeoutMs: 500 } },
        heater: { host: '127.0.0.1', port: f4t.port, timeoutMs: 500 },
      })]);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.out);
      expect(json.rig).toBe('hardware');
      expect(json.devices[0]).toMatchObject({ role: 'pfo', safe: true, state: 'stopped' });
      expect(json.devices[1]).toMatchObject({ capability: 'heater', safe: true, state: 'set point 25 C, mode auto (mode off not confirmed)' });
      expect(pump!.state.status).toBe(0);
      const expected = new Map<number, number>();
      putFloatLowHigh(expected, 2782, 25);
      expect([f4t.registers.get(2782), f4t.registers.get(2783)]).toEqual([expected.get(2782), expected.get(2783)]);
    } finally {
      await unit.close();
      await f4t.close();
    }
  });
});
