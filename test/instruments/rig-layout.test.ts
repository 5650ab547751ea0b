import { describe, expect, it } from 'vitest';
import { deviceDirectory, MissingDeviceError } from '../../src/instruments/device-directory.js';
import type { LightSource, RigDevice } from '../../src/instruments/interfaces.js';
import { channelsOf, missingDevices, PAPER_RIG_LAYOUT, requireDevices, RigLayoutError } from '../../src/instruments/rig-layout.js';

const light = (): LightSource => ({ setOn: async () => undefined, isOn: async () => false });

describe('device lookups', () => {
  it('finds a device by capability and role, and names what the rig has when it is missing', () => {
    const led = light();
    const rig = deviceDirectory([
      { capability: 'light', role: 'pl-excitation', label: 'LED', device: led },
      { capability: 'light', role: 'absorbance-source', label: 'lamp', device: light() },
    ]);
    expect(rig.light('pl-excitation')).toBe(led);
    expect(rig.find('light', 'pl-excitation')).toBe(led);
    expect(rig.find('pump', 'pl-excitation')).toBeUndefined();
    expect(() => rig.light('uv')).toThrow(new MissingDeviceError('light', 'uv', ['pl-excitation', 'absorbance-source']));
    expect(() => rig.heater()).toThrow("this rig has no heater with role 'reactor' (it has no heater)");
  });

  it('refuses two devices of one capability in one role', () => {
    const devices: RigDevice[] = [
      { capability: 'light', role: 'pl-excitation', label: 'LED', device: light() },
      { capability: 'light', role: 'pl-excitation', label: 'another LED', device: light() },
    ];
    expect(() => deviceDirectory(devices)).toThrow('two devices in one role: light pl-excitation');
  });
});

describe('layouts', () => {
  it('knows a channel only when both its spectrometer and its light are there', () => {
    expect(channelsOf(PAPER_RIG_LAYOUT)).toEqual(['absorbance', 'pl']);
    const noLamp = PAPER_RIG_LAYOUT.filter((d) => d.role !== 'absorbance-source');
    expect(channelsOf(noLamp)).toEqual(['pl']);
    expect(channelsOf(PAPER_RIG_LAYOUT.filter((d) => d.capability !== 'spectrometer'))).toEqual([]);
  });

  it('names every missing device with why it is needed', () => {
    const needs = [
      { capability: 'pump', role: 'cui', why: 'flows' },
      { capability: 'pump', role: 'wash', why: 'cleans' },
      { capability: 'spectrometer', role: 'raman', why: 'measures' },
    ] as const;
    expect(missingDevices(PAPER_RIG_LAYOUT, needs).map((m) => m.role)).toEqual(['wash', 'raman']);
    expect(() => requireDevices(PAPER_RIG_LAYOUT, needs, 'the job')).toThrow(new RigLayoutError('the job', needs.slice(1)));
    expect(() => requireDevices(PAPER_RIG_LAYOUT, needs, 'the job')).toThrow("the job needs devices this rig does not have: pump 'wash' (cleans); spectrometer 'raman' (measures)");
  });
});
