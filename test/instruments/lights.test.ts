import { describe, expect, it } from 'vitest';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { AsciiCommandLight } from '../../src/instruments/lights/ascii-command-light.js';
import { ControlLineLight } from '../../src/instruments/lights/control-line-light.js';
import { SpectrometerLampLight } from '../../src/instruments/lights/spectrometer-lamp-light.js';
import { ObpClient } from '../../src/instruments/ocean/obp-client.js';
import { AsciiSession } from '../../src/instruments/transport/ascii-session.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import { FakeHdx, MSG } from './fakes/fake-hdx.js';
import { FakeLedBox, RecordingLines } from './fakes/fake-switches.js';

describe('light on a serial control line', () => {
  it('drives the line off when opened, then follows setOn', async () => {
    const lines = new RecordingLines();
    const lamp = await ControlLineLight.open(lines, { device: 'broadband lamp', line: 'dtr' });
    expect(lines.changes).toEqual([{ dtr: false }]);
    await lamp.setOn(true);
    expect(await lamp.isOn()).toBe(true);
    await lamp.setOn(false);
    expect(lines.changes).toEqual([{ dtr: false }, { dtr: true }, { dtr: false }]);
    expect(await lamp.isOn()).toBe(false);
  });

  it('inverts the level for an active-low input', async () => {
    const lines = new RecordingLines();
    const led = await ControlLineLight.open(lines, { device: 'uv led', line: 'rts', activeLow: true });
    await led.setOn(true);
    expect(lines.changes).toEqual([{ rts: true }, { rts: false }]);
  });

  it('reports a failed line change as an InstrumentError and keeps the previous state', async () => {
    const lines = new RecordingLines();
    const led = await ControlLineLight.open(lines, { device: 'uv led', line: 'rts' });
    lines.fail = new Error('Port is not open');
    const error = await led.setOn(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstrumentError);
    expect((error as Error).message).toBe('uv led: cannot set RTS on serial /dev/ttyLAMP: Port is not open');
    expect(await led.isOn()).toBe(false);
  });
});

describe('light switched by text commands', () => {
  function connect(withQuery: boolean) {
    const [host, device] = createMemoryStreamPair();
    const box = new FakeLedBox(device);
    const session = new AsciiSession(host, { terminator: '\n', framing: { kind: 'lines', count: 1 }, echo: false, timeoutMs: 200 });
    const led = new AsciiCommandLight(session, {
      device: 'uv led',
      onCommand: 'LED ON',
      offCommand: 'LED OFF',
      acknowledgement: /^OK$/,
      query: withQuery ? { command: 'LED?', onReply: /^ON$/, offReply: /^OFF$/ } : undefined,
    });
    return { box, led };
  }

  it('sends the configured strings and asks the device for its state', async () => {
    const { box, led } = connect(true);
    await led.setOn(true);
    expect(box.on).toBe(true);
    expect(await led.isOn()).toBe(true);
    box.on = false;
    expect(await led.isOn()).toBe(false);
    expect(box.commands).toEqual(['LED ON', 'LED?', 'LED?']);
  });

  it('refuses a missing acknowledgement and an unknown state reply', async () => {
    const { box, led } = connect(true);
    box.override = (command) => (command === 'LED ON' ? 'ERR overcurrent' : command === 'LED?' ? 'MAYBE' : undefined);
    await expect(led.setOn(true)).rejects.toThrow('uv led: reply to \'LED ON\' is "ERR overcurrent", expected /^OK$/');
    await expect(led.isOn()).rejects.toThrow('uv led: reply to \'LED?\' is "MAYBE", neither /^ON$/ nor /^OFF$/');
  });

  it('does not wait for a reply to on/off when no acknowledgement is configured', async () => {
    const [host, device] = createMemoryStreamPair();
    const box = new FakeLedBox(device, { silentSwitching: true });
    const session = new AsciiSession(host, { terminator: '\n', framing: { kind: 'none' }, echo: false, timeoutMs: 200 });
    const led = new AsciiCommandLight(session, { device: 'uv led', onCommand: 'LED ON', offCommand: 'LED OFF', query: { command: 'LED?', onReply: /^ON$/, offReply: /^OFF$/ } });
    await led.setOn(true);
    expect(await led.isOn()).toBe(true);
    await led.setOn(false);
    expect(await led.isOn()).toBe(false);
    expect(box.commands).toEqual(['LED ON', 'LED?', 'LED OFF', 'LED?']);
  });

  it('without a query, reports the state last set', async () => {
    const { led } = connect(false);
    expect(await led.isOn()).toBe(false);
    await led.setOn(true);
    expect(await led.isOn()).toBe(true);
  });
});

describe('light on the spectrometer lamp-enable output', () => {
  it('sends OBP set-lamp-enable 1/0 with ACK requested', async () => {
    const [host, device] = createMemoryStreamPair();
    const hdx = new FakeHdx(device);
    const lamp = new SpectrometerLampLight(new ObpClient(host, { device: 'hdx absorbance', timeoutMs: 200 }));
    await lamp.setOn(true);
    expect(hdx.lampEnabled).toBe(true);
    expect(await lamp.isOn()).toBe(true);
    await lamp.setOn(false);
    expect(hdx.lampEnabled).toBe(false);
    expect(hdx.received.map((m) => [m.messageType, m.flags, [...m.payload]])).toEqual([
      [MSG.setLampEnable, 4, [1]],
      [MSG.setLampEnable, 4, [0]],
    ]);
  });
});
