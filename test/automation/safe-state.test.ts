import { describe, expect, it } from 'vitest';
import { enterSafeState, type SafeStateOptions } from '../../src/automation/safe-state.js';
import { deviceDirectory } from '../../src/instruments/device-directory.js';
import type { ControllerMode, LightSource, PumpState, RigDevice, Spectrometer, SyringePump, TemperatureController } from '../../src/instruments/interfaces.js';

interface Behaviour {
  /** Devices whose every call throws. */
  dead?: string[];
  /** Pumps that ignore this many stops before they obey. */
  ignoredStops?: Record<string, number>;
  /** A heater that accepts the mode-off write but stays in auto. */
  heaterIgnoresModeOff?: boolean;
  /** A heater whose set-point writes are refused. */
  heaterRefusesSetpoint?: boolean;
  /** Lights that cannot be read back. */
  blindLights?: string[];
}

/** Devices that keep their state, log each call, and misbehave as told. */
function recordingDevices(behaviour: Behaviour = {}) {
  const calls: string[] = [];
  const act = (name: string, call: string) => {
    calls.push(`${name} ${call}`);
    if (behaviour.dead?.includes(name)) throw new Error(`${name} does not answer`);
  };
  const pump = (name: string): SyringePump => {
    let state: PumpState = 'running';
    let ignore = behaviour.ignoredStops?.[name] ?? 0;
    return {
      id: name,
      setDiameterMm: async () => act(name, 'diameter'),
      setRateUlPerMin: async () => act(name, 'rate'),
      setVolumeUl: async () => act(name, 'volume'),
      start: async () => act(name, 'start'),
      stop: async () => {
        act(name, 'stop');
        if (ignore > 0) ignore--;
        else state = 'stopped';
      },
      status: async () => {
        act(name, 'status');
        return { state, rateUlPerMin: 1, dispensedUl: 0 };
      },
    };
  };
  const heater = (name: string): TemperatureController => {
    let mode: ControllerMode = 'auto';
    let setpointC = 135;
    return {
      setSetpointC: async (value) => {
        act(name, `set point ${value}`);
        if (behaviour.heaterRefusesSetpoint) throw new Error(`${name} refuses the set point`);
        setpointC = value;
      },
      readSetpointC: async () => {
        act(name, 'read set point');
        return setpointC;
      },
      readProcessValueC: async () => 130,
      setMode: async (value: ControllerMode) => {
        act(name, `mode ${value}`);
        if (!behaviour.heaterIgnoresModeOff) mode = value;
      },
      readMode: async () => {
        act(name, 'read mode');
        return mode;
      },
    };
  };
  const light = (name: string): LightSource => {
    let on = true;
    return {
      readsBack: !behaviour.blindLights?.includes(name),
      setOn: async (value) => {
        act(name, value ? 'on' : 'off');
        on = value;
      },
      isOn: async () => on,
    };
  };
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

const quick: SafeStateOptions = { retryPauseMs: () => 0 };

describe('safe state', () => {
  it('stops every pump, turns the heater and every light off, reads each back, and touches no spectrometer', async () => {
    const { calls, rig } = recordingDevices();
    const report = await enterSafeState(rig, quick);
    expect(report.failures).toEqual([]);
    expect(calls).toEqual([
      'cui stop', 'pfo stop', 'wash stop', 'cui status', 'pfo status', 'wash status',
      'reactor mode off', 'reactor read mode',
      'led off', 'lamp off',
    ]);
    expect(report.devices.map((d) => [d.capability, d.role, d.safe, d.state])).toEqual([
      ['pump', 'cui', true, 'stopped'],
      ['pump', 'pfo', true, 'stopped'],
      ['pump', 'wash', true, 'stopped'],
      ['heater', 'reactor', true, 'mode off'],
      ['light', 'pl-excitation', true, 'off'],
      ['light', 'absorbance-source', true, 'off'],
    ]);
  });

  it('tries every device even when some throw, and names those', async () => {
    const { calls, rig } = recordingDevices({ dead: ['cui', 'reactor', 'led'] });
    const report = await enterSafeState(rig, quick);
    // Three attempts at each dead device, one at each live one.
    expect(calls.filter((c) => c === 'cui stop')).toHaveLength(3);
    expect(calls.filter((c) => c === 'pfo stop')).toHaveLength(1);
    expect(calls.filter((c) => c === 'reactor mode off')).toHaveLength(3);
    expect(calls.filter((c) => c === 'led off')).toHaveLength(3);
    expect(calls.filter((c) => c === 'lamp off')).toHaveLength(1);
    expect(report.failures).toEqual([
      'pump cui: cui does not answer',
      'heater reactor: reactor does not answer; mode off not confirmed (mode not read); falling back to a set point of 25 C',
      'light pl-excitation: led does not answer',
    ]);
    expect(report.devices.filter((d) => d.safe).map((d) => d.role)).toEqual(['pfo', 'wash', 'absorbance-source']);
  });

  it('sends stop again while the status read back says the pump still runs', async () => {
    const { calls, rig } = recordingDevices({ ignoredStops: { pfo: 1 } });
    const report = await enterSafeState(rig, quick);
    expect(report.failures).toEqual([]);
    expect(calls.filter((c) => c.startsWith('pfo'))).toEqual(['pfo stop', 'pfo status', 'pfo stop', 'pfo status']);
    const pfo = report.devices.find((d) => d.role === 'pfo')!;
    expect(pfo).toMatchObject({ safe: true, state: 'stopped', actions: ['stop', 'status: running', 'stop', 'status: stopped'], problems: ['still running after stop'] });
  });

  it('names a pump that keeps running after every stop as not safe', async () => {
    const { rig } = recordingDevices({ ignoredStops: { cui: 99 } });
    const report = await enterSafeState(rig, quick);
    expect(report.failures).toEqual(['pump cui: still running after stop']);
    expect(report.devices.find((d) => d.role === 'cui')).toMatchObject({ safe: false, state: 'running' });
  });

  it('falls back to an ambient set point, read back, when the heater will not confirm mode off', async () => {
    const { calls, rig } = recordingDevices({ heaterIgnoresModeOff: true });
    const report = await enterSafeState(rig, quick);
    expect(report.failures).toEqual([]);
    expect(calls.filter((c) => c.startsWith('reactor'))).toEqual([
      'reactor mode off', 'reactor read mode', 'reactor mode off', 'reactor read mode', 'reactor mode off', 'reactor read mode',
      'reactor set point 25', 'reactor read set point',
    ]);
    const heater = report.devices.find((d) => d.capability === 'heater')!;
    expect(heater.safe).toBe(true);
    expect(heater.state).toBe('set point 25 C, mode auto (mode off not confirmed)');
    expect(heater.problems).toEqual(['mode off not confirmed (reads auto); falling back to a set point of 25 C']);
  });

  it('reports the heater unsafe when neither mode off nor the fallback set point takes', async () => {
    const { rig } = recordingDevices({ heaterIgnoresModeOff: true, heaterRefusesSetpoint: true });
    const report = await enterSafeState(rig, { ...quick, ambientC: 20 });
    expect(report.failures).toEqual(['heater reactor: mode off not confirmed (reads auto); falling back to a set point of 20 C; reactor refuses the set point']);
    expect(report.devices.find((d) => d.capability === 'heater')).toMatchObject({ safe: false, state: 'mode auto, set point 135 C' });
  });

  it('says so when a light cannot be read back, and does not call it safe when the off command failed', async () => {
    const { rig } = recordingDevices({ blindLights: ['led', 'lamp'], dead: ['lamp'] });
    const report = await enterSafeState(rig, quick);
    expect(report.devices.find((d) => d.role === 'pl-excitation')).toMatchObject({ safe: true, state: 'off (as commanded; this light cannot be read back)' });
    expect(report.devices.find((d) => d.role === 'absorbance-source')).toMatchObject({ safe: false });
    expect(report.failures).toEqual(['light absorbance-source: lamp does not answer']);
  });

  it('pauses between attempts', async () => {
    const pauses: number[] = [];
    const { rig } = recordingDevices({ dead: ['cui'] });
    await enterSafeState(rig, { retryPauseMs: (attempt) => {
      pauses.push(attempt);
      return 1;
    } });
    // cui: attempts 2 and 3, and the heater and lights never needed one.
    expect(pauses).toEqual([1, 2]);
  });
});
