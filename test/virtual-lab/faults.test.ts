import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labConfigSchema } from '../../src/instruments/lab-config.js';
import { openRig } from '../../src/instruments/rig-factory.js';
import type { VirtualLab } from '../../src/instruments/sim/index.js';
import { computeFeatures } from '../../src/analysis/features.js';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { createVirtualLab } from '../../src/instruments/sim/index.js';
import { HYDRAULICS } from '../../src/virtual-lab/rig-simulation.js';
import { BASELINE, openLab, readSpectra, recipeOf, runCondition, startFlows } from './helpers.js';

describe('faults', () => {
  it('a stalled pump reports stalled and stops delivering', async () => {
    const { lab, reference } = await openLab({ seed: 1 });
    await runCondition(lab, reference, BASELINE);
    lab.faults.stallPump('cui');
    expect((await lab.pump('cui').status()).state).toBe('stalled');
    expect(lab.state().pumps.cui.deliveredRateUlPerMin).toBe(0);
    const levelAtStall = lab.syringes.levelUl('cui');
    // Once the Cu-free stream reaches the flowcell the PL is gone.
    await lab.clock.sleepS(3 * recipeOf(lab, BASELINE).residenceTimeS);
    expect(lab.syringes.levelUl('cui')).toBe(levelAtStall);
    expect(lab.truth.flowcellResponse().plqy).toBe(0);
    await lab.pump('cui').start();
    expect((await lab.pump('cui').status()).state).toBe('stalled');
    lab.faults.clearPumpStall('cui');
    await lab.pump('cui').start();
    expect((await lab.pump('cui').status()).state).toBe('running');
  });

  it('a syringe that runs empty stalls its pump at the predicted time; refill restores it', async () => {
    const lab = createVirtualLab({ seed: 1, noise: { pumpGainSd: 0 } });
    lab.syringes.refill('oamOde', 100);
    const pump = lab.pump('oamOde');
    await pump.setRateUlPerMin(60);
    await pump.setVolumeUl(10_000);
    await pump.start();
    await lab.clock.sleepS(99);
    expect((await pump.status()).state).toBe('running');
    await lab.clock.sleepS(2);
    expect((await pump.status()).state).toBe('stalled');
    expect(lab.syringes.levelUl('oamOde')).toBe(0);
    expect((await pump.status()).dispensedUl).toBeCloseTo(100, 6);
    lab.syringes.refill('oamOde');
    expect(lab.syringes.levelUl('oamOde')).toBe(lab.geometry.syringeCapacityUl.oamOde);
    await pump.start();
    expect((await pump.status()).state).toBe('running');
  });

  it('a lost link rejects every call to the device with an InstrumentError', async () => {
    const lab = createVirtualLab({ seed: 1 });
    lab.faults.loseLink('heater');
    await expect(lab.heater().readProcessValueC()).rejects.toBeInstanceOf(InstrumentError);
    await expect(lab.heater().setMode('off')).rejects.toThrow(/heater/);
    await expect(lab.pump('cui').status()).resolves.toBeDefined();
    lab.faults.loseLink('all');
    await expect(lab.pump('pfo').stop()).rejects.toBeInstanceOf(InstrumentError);
    await expect(lab.spectrometer('pl').acquire()).rejects.toBeInstanceOf(InstrumentError);
    await expect(lab.light('pl-excitation').setOn(true)).rejects.toBeInstanceOf(InstrumentError);
    expect(lab.state().lostLinks).toContain('absorbanceSpectrometer');
    lab.faults.restoreLink('all');
    await expect(lab.heater().readProcessValueC()).resolves.toBeCloseTo(25, 0);
  });

  it('a saturated detector sits at the ceiling and the analysis says so', async () => {
    const { lab, reference } = await openLab({ seed: 1 });
    await runCondition(lab, reference, BASELINE);
    lab.faults.saturateDetector('pl');
    const spectra = await readSpectra(lab);
    for (const c of spectra.plSample.counts) expect(c).toBe(spectra.plSample.saturationCounts);
    const features = computeFeatures({
      absorbance: { dark: spectra.absorbanceDark, reference, sample: spectra.absorbanceSample },
      pl: { dark: spectra.plDark, sample: spectra.plSample },
    });
    expect(features.saturated.pl).toBe(true);
    expect(features.saturated.absorbance).toBe(false);
    lab.faults.clearDetector('pl');
    const clean = await readSpectra(lab);
    expect(Math.max(...clean.plSample.counts)).toBeLessThan(clean.plSample.saturationCounts);
  });

  it('a clogged line stops the flow, the pressure rises and the pumps stall', async () => {
    const { lab, reference } = await openLab({ seed: 1 });
    await runCondition(lab, reference, BASELINE);
    const flowing = lab.state().pressureKpa;
    const recipe = recipeOf(lab, BASELINE);
    const dropletFlow = Object.values(recipe.flowsUlPerMin).reduce((a, b) => a + b, 0);
    expect(flowing).toBeCloseTo(HYDRAULICS.kpaPerUlPerMin * dropletFlow, -1);
    const before = lab.truth.flowcellResponse();
    lab.faults.clogLine();
    const clogged = lab.state();
    expect(Object.values(clogged.pumps).every((p) => p.deliveredRateUlPerMin === 0)).toBe(true);
    await lab.clock.sleepS(2);
    const rising = lab.state().pressureKpa;
    expect(rising).toBeGreaterThan(flowing);
    expect(rising).toBeLessThan(HYDRAULICS.stallPressureKpa);
    const fillS = (HYDRAULICS.stallPressureKpa * HYDRAULICS.complianceUlPerKpa) / (dropletFlow / 60);
    await lab.clock.sleepS(fillS);
    const stalled = lab.state();
    expect(stalled.pressureKpa).toBe(HYDRAULICS.stallPressureKpa);
    expect(Object.values(stalled.pumps).every((p) => p.state === 'stalled')).toBe(true);
    expect(lab.truth.flowcellResponse().plqy).toBeCloseTo(before.plqy, 12);
    lab.faults.clearClog();
    expect(lab.state().pressureKpa).toBe(0);
  });

  it('clearAll removes every fault', async () => {
    const lab = createVirtualLab({ seed: 1 });
    lab.faults.stallPump('pfo');
    lab.faults.loseLink('all');
    lab.faults.saturateDetector('absorbance');
    lab.faults.clogLine();
    lab.faults.clearAll();
    const state = lab.state();
    expect(state.faults).toEqual({ clogged: false, stallFaultPumps: [], saturatedDetectors: [], heaterOvershootArmed: false });
    expect(state.lostLinks).toEqual([]);
    await startFlows(lab, recipeOf(lab, BASELINE));
    expect((await lab.pump('pfo').status()).state).toBe('running');
  });

  it('a closed rig refuses further calls', async () => {
    const lab = createVirtualLab({ seed: 1 });
    await lab.close();
    await expect(lab.pump('cui').start()).rejects.toBeInstanceOf(InstrumentError);
  });
});

describe('lab state for the dashboard', () => {
  it('reports temperature, pumps, syringes, pressure and lights as plain data', async () => {
    const { lab, reference } = await openLab({ seed: 1 });
    await runCondition(lab, reference, BASELINE);
    await lab.light('pl-excitation').setOn(true);
    const state = lab.state();
    const copy = JSON.parse(JSON.stringify(state));
    expect(copy).toEqual(state);
    expect(state.timeS).toBeCloseTo(lab.clock.nowS(), 9);
    expect(state.heater.mode).toBe('auto');
    expect(state.heater.setpointC).toBe(BASELINE.temperatureC);
    expect(Math.abs(state.heater.temperatureC - BASELINE.temperatureC)).toBeLessThan(0.5);
    expect(state.lights).toEqual({ uvLed: true, broadbandLamp: false });
    const recipe = recipeOf(lab, BASELINE);
    for (const [id, pump] of Object.entries(state.pumps)) {
      expect(pump.state).toBe('running');
      expect(pump.programmedRateUlPerMin).toBeCloseTo(recipe.flowsUlPerMin[id as keyof typeof recipe.flowsUlPerMin], 9);
      expect(pump.syringeLevelUl).toBeLessThan(pump.syringeCapacityUl);
    }
    expect(state.pressureKpa).toBeGreaterThan(0);
    expect(state.spectrometers.pl.integrationTimeMs).toBe(100);
  });
});

describe('faults and a command log from a lab file', () => {
  it('starts the lab with the faults its file switches on', async () => {
    const config = labConfigSchema.parse({
      kind: 'virtual',
      faults: { overshootHeater: 50, saturateDetector: ['pl'], stallPump: ['oamOde'], loseLink: ['broadbandLamp'], clogLine: true },
      safety: { maxTemperatureC: 160 },
    });
    const lab = (await openRig(config)) as VirtualLab;
    expect(lab.state().faults).toEqual({ clogged: true, stallFaultPumps: ['oamOde'], saturatedDetectors: ['pl'], heaterOvershootArmed: true });
    expect(lab.state().lostLinks).toEqual(['broadbandLamp']);
    expect(lab.safety).toEqual({ maxTemperatureC: 160 });
    const pl = await lab.spectrometer('pl').acquire();
    expect(pl.counts.every((c) => c === pl.saturationCounts)).toBe(true);
  });

  it('refuses an unknown fault, and a device the lab does not have', async () => {
    const issues = labConfigSchema.safeParse({ kind: 'virtual', faults: { meltReactor: true, saturateDetector: ['uv'] } });
    expect(issues.success).toBe(false);
    expect(issues.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'faults.saturateDetector.0: Invalid option: expected one of "pl"|"absorbance"',
      'faults: Unrecognized key: "meltReactor"',
    ]);
    await expect(openRig(labConfigSchema.parse({ kind: 'virtual', faults: { loseLink: ['wash'] } }))).rejects.toThrow("this virtual lab has no device 'wash'");
  });

  it('appends every device command to the command log, refused ones marked', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sdfl-')), 'commands.log');
    const lab = createVirtualLab({ seed: 1, commandLog: file, faults: { loseLink: ['pfo'] } });
    await lab.heater().setMode('auto');
    await lab.clock.sleepS(1.5);
    await lab.pump('cui').stop();
    await lab.pump('pfo').stop().catch(() => undefined);
    await lab.close();
    expect(readFileSync(file, 'utf8')).toBe('0.000 heater setMode auto\n1.500 cui stop\n1.500 pfo stop -> no reply (link lost)\n');
  });
});
