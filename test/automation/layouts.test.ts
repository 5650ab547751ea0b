import { describe, expect, it } from 'vitest';
import { enterSafeState } from '../../src/automation/safe-state.js';
import { startFlows } from '../../src/automation/pumps.js';
import { runExperiment } from '../../src/automation/run-experiment.js';
import { measureSolventBlank } from '../../src/automation/solvent-blank.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY, PUMP_IDS, type PumpId } from '../../src/chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { MissingDeviceError } from '../../src/instruments/device-directory.js';
import { labConfigSchema } from '../../src/instruments/lab-config.js';
import { layoutOf, PAPER_RIG_LAYOUT, RigLayoutError } from '../../src/instruments/rig-layout.js';
import { openRig } from '../../src/instruments/rig-factory.js';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import type { VirtualDevicesInput } from '../../src/instruments/sim/virtual-layout.js';

const centre = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
const recipeAt = (unit: number[]) => makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), unit)));
const PL_ONLY: VirtualDevicesInput = { spectrometers: ['pl'], lights: ['pl-excitation'] };

const issuesOf = (input: unknown) => {
  const parsed = labConfigSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('virtual lab layouts', () => {
  it('has the paper rig by default, and a configuration names only what differs', async () => {
    const lab = await openRig(labConfigSchema.parse({ kind: 'virtual' }));
    expect(layoutOf(lab)).toEqual(PAPER_RIG_LAYOUT);
    expect(layoutOf(lab).filter((d) => d.capability === 'pump').map((d) => d.role)).toEqual([...PUMP_IDS]);
    const plOnly = await openRig(labConfigSchema.parse({ kind: 'virtual', devices: PL_ONLY }));
    expect(layoutOf(plOnly).map((d) => `${d.capability} ${d.role}`)).toEqual([
      ...PUMP_IDS.map((id) => `pump ${id}`), 'heater reactor', 'light pl-excitation', 'spectrometer pl',
    ]);
    expect(() => plOnly.spectrometer('absorbance')).toThrow(MissingDeviceError);
    expect(() => plOnly.spectrometer('absorbance')).toThrow("this rig has no spectrometer with role 'absorbance' (its spectrometer roles: pl)");
    expect(plOnly.find('spectrometer', 'absorbance')).toBeUndefined();
  });

  it('refuses an unknown key, a role twice and a device the simulation does not have', () => {
    expect(issuesOf({ kind: 'virtual', devices: { spectrometer: ['pl'] } })).toEqual(['devices: Unrecognized key: "spectrometer"']);
    expect(issuesOf({ kind: 'virtual', devices: { pumps: ['cui', 'cui'] } })).toEqual(['devices.pumps: each role may appear once']);
    expect(issuesOf({ kind: 'virtual', devices: { spectrometers: ['raman'] } })[0]).toMatch(/^devices\.spectrometers\.0: Invalid option/);
    expect(issuesOf({ kind: 'virtual', devices: { pumps: ['heater'] } })[0]).toMatch(/^devices\.pumps: a pump role may not be one of heater/);
    expect(issuesOf({ kind: 'virtual', seeed: 2 })).toEqual([': Unrecognized key: "seeed"']);
  });
});

describe('a rig with one spectrometer (PL only)', () => {
  it('takes no solvent blank and runs an experiment: PL features present, absorbance features null', async () => {
    const lab = createVirtualLab({ seed: 1, devices: PL_ONLY });
    const before = lab.state();
    expect(await measureSolventBlank(lab)).toBeNull();
    // Nothing moved: the blank needs the absorbance channel.
    expect(lab.clock.nowS()).toBe(before.timeS);
    expect(lab.state().pumps.odeCui.dispensedUl).toBe(0);

    const result = await runExperiment(lab, recipeAt(centre), { reference: null });
    expect(result.features.abs300).toBeNull();
    expect(result.features.warnings).toContain('absorbance: not measured');
    expect(result.features.plIntensity).toBeGreaterThan(0);
    expect(result.features.plPeakNm).toBeGreaterThan(445);
    expect(result.features.plPeakNm).toBeLessThan(455);
    expect(result.spectra.absorbance).toBeUndefined();
    expect(result.spectra.pl?.sample.counts.length).toBeGreaterThan(0);
    expect(lab.state().lights).toEqual({ uvLed: false, broadbandLamp: false });
  });

  it('measures PL like the full rig does: the same chemistry within the noise', async () => {
    const full = createVirtualLab({ seed: 3 });
    const fullResult = await runExperiment(full, recipeAt(centre), { reference: await measureSolventBlank(full) });
    const plOnly = createVirtualLab({ seed: 3, devices: PL_ONLY });
    const plResult = await runExperiment(plOnly, recipeAt(centre), { reference: null });
    expect(Math.abs((plResult.features.plIntensity as number) / (fullResult.features.plIntensity as number) - 1)).toBeLessThan(0.1);
    expect(fullResult.features.abs300).toBeGreaterThan(0.05);
  });
});

describe('a rig without a pump a recipe needs', () => {
  const withoutOamOde = () => createVirtualLab({ seed: 1, devices: { pumps: PUMP_IDS.filter((id) => id !== 'oamOde') } });

  it('is refused before anything moves, naming the role', async () => {
    const lab = withoutOamOde();
    const reference = await measureSolventBlank(lab);
    const before = lab.state();
    const recipe = recipeAt(centre);
    const error = await runExperiment(lab, recipe, { reference }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RigLayoutError);
    expect((error as Error).message).toBe(`this experiment needs devices this rig does not have: pump 'oamOde' (the oamOde line flows ${recipe.flowsUlPerMin.oamOde.toFixed(1)} uL/min)`);
    expect(lab.clock.nowS()).toBe(before.timeS);
    expect(lab.state().heater).toEqual(before.heater);
    expect(Object.values(lab.state().pumps).every((pump) => pump.state === 'stopped')).toBe(true);
  });

  it('runs a recipe that gives that line no flow', async () => {
    const lab = withoutOamOde();
    const reference = await measureSolventBlank(lab);
    const recipe = recipeAt([0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5]);
    expect(recipe.flowsUlPerMin.oamOde).toBe(0);
    const result = await runExperiment(lab, recipe, { reference });
    expect(result.features.plIntensity).toBeGreaterThan(0);
    expect(result.reagentUsedUl.oamOde).toBe(0);
  });
});

describe('a rig with an extra pump', () => {
  const withWash = (): VirtualLab => createVirtualLab({ seed: 1, devices: { pumps: [...PUMP_IDS, 'wash'] } });

  it('keeps it stopped when flows start and stops it in the safe state', async () => {
    const lab = withWash();
    const wash = lab.pump('wash');
    await wash.setRateUlPerMin(500);
    await wash.setVolumeUl(10_000);
    await wash.start();
    await lab.clock.sleepS(60);
    expect(lab.state().pumps.wash.state).toBe('running');
    expect(lab.state().pumps.wash.dispensedUl).toBeCloseTo(500, 6);
    await startFlows(lab, Object.fromEntries(PUMP_IDS.map((id) => [id, 100])) as Record<PumpId, number>, DEFAULT_RIG_GEOMETRY, 600);
    expect((await wash.status()).state).toBe('stopped');

    await wash.start();
    expect((await wash.status()).state).toBe('running');
    const report = await enterSafeState(lab);
    expect(report.failures).toEqual([]);
    expect(lab.state().pumps.wash.state).toBe('stopped');
    expect(Object.values(lab.state().pumps).every((pump) => pump.state === 'stopped')).toBe(true);
  });

  it('still stops it when another device does not answer', async () => {
    const lab = withWash();
    await lab.pump('wash').start();
    lab.faults.loseLink('heater');
    lab.faults.loseLink('cui');
    const report = await enterSafeState(lab);
    expect(report.failures.map((f) => f.split(':')[0])).toEqual(['pump cui', 'heater reactor']);
    expect(lab.state().pumps.wash.state).toBe('stopped');
  });

  it('does not change the experiment: the same seed gives the same numbers as the paper rig', async () => {
    const run = async (lab: VirtualLab) => (await runExperiment(lab, recipeAt(centre), { reference: await measureSolventBlank(lab) })).features;
    const paper = await run(createVirtualLab({ seed: 1 }));
    const extra = await run(withWash());
    const otherSeed = await run(createVirtualLab({ seed: 2 }));
    expect(extra.plIntensity).toBe(paper.plIntensity);
    expect(extra.abs300).toBe(paper.abs300);
    expect(otherSeed.plIntensity).not.toBe(paper.plIntensity);
  });
});
