import { describe, expect, it } from 'vitest';
import { enterSafeState } from '../../src/automation/safe-state.js';
import { deviceDirectory } from '../../src/instruments/device-directory.js';
import type { ControllerMode, LightSource, RigDevice, Spectrometer, SyringePump, TemperatureController } from '../../src/instruments/interfaces.js';

/** Devices that log each call; `failing` ones throw instead. */
function recordingDevices(failing: string[]) {
  const calls: string[] = [];
  const act = (name: string, call: string) => {
    calls.push(`${name} ${call}`);
    if (failing.includes(name)) throw new Error(`${name} does not answer`);
  };
  const pump = (name: string): SyringePump => ({
    id: name,
    setDiameterMm: async () => act(name, 'diameter'),
    setRateUlPerMin: async () => act(name, 'rate'),
    setVolumeUl: async () => act(name, 'volume'),
    start: async () => act(name, 'start'),
    stop: async () => act(name, 'stop'),
    status: async () => ({ state: 'running', rateUlPerMin: 1, dispensedUl: 0 }),
  });
  const heater = (name: string): TemperatureController => ({
    setSetpointC: async () => act(name, 'setpoint'),
    readSetpointC: async () => 25,
    readProcessValueC: async () => 25,
    setMode: async (mode: ControllerMode) => act(name, `mode ${mode}`),
    readMode: async () => 'auto',
  });
  const light = (name: string): LightSource => ({ setOn: async (on) => act(name, on ? 'on' : 'off'), isOn: async () => true });
  const spectrometer = (name: string): Spectrometer => ({
    id: name,
    setIntegrationTimeMs: async () => act(name, 'integration'),
    getIntegrationTimeMs: async () => 10,
    wavelengthsNm: async () => new Float64Array(1),
    acquire: async () => {
      act(name, 'acquire');
      throw new Error('not used');
    },
  });
  // Listed out of order on purpose: the walk orders by capability, not by list position.
  const devices: RigDevice[] = [
    { capability: 'light', role: 'pl-excitation', label: 'LED', device: light('led') },
    { capability: 'spectrometer', role: 'pl', label: 'PL', device: spectrometer('pl') },
    { capability: 'pump', role: 'cui', label: 'CuI', device: pump('cui') },
    { capability: 'heater', role: 'reactor', label: 'reactor', device: heater('reactor') },
    { capability: 'pump', role: 'pfo', label: 'PFO', device: pump('pfo') },
    { capability: 'light', role: 'absorbance-source', label: 'lamp', device: light('lamp') },
    { capability: 'pump', role: 'wash', label: 'wash', device: pump('wash') },
  ];
  return { calls, rig: deviceDirectory(devices) };
}

describe('safe state', () => {
  it('stops every pump, turns the heater and every light off, and touches no spectrometer', async () => {
    const { calls, rig } = recordingDevices([]);
    const report = await enterSafeState(rig);
    expect(report.failures).toEqual([]);
    expect(calls).toEqual(['cui stop', 'pfo stop', 'wash stop', 'reactor mode off', 'led off', 'lamp off']);
  });

  it('tries every device even when some throw, and names those', async () => {
    const { calls, rig } = recordingDevices(['cui', 'reactor', 'led']);
    const report = await enterSafeState(rig);
    expect(calls).toEqual(['cui stop', 'pfo stop', 'wash stop', 'reactor mode off', 'led off', 'lamp off']);
    expect(report.failures).toEqual([
      'pump cui: cui does not answer',
      'heater reactor: reactor does not answer',
      'light pl-excitation: led does not answer',
    ]);
  });
});
