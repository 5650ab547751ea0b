// The chemistry trends of the paper (sections 3, Fig. 4, 5, 7), measured the way the run
// engine measures them: through the simulated instruments and the project's analysis.
import { describe, expect, it } from 'vitest';
import type { SpectralFeatures } from '../../src/analysis/features.js';
import { atCuiStreamFlow, atReactionTime, withInputAtConstantReactionTime } from '../../src/chemistry/condition-variants.js';
import { DEFAULT_RIG_GEOMETRY } from '../../src/chemistry/rig-geometry.js';
import { createRandom } from '../../src/domain/random.js';
import { conditionFromArray, rigParameterSpace, RIG_INPUT_NAMES, type RigCondition, type RigInputName } from '../../src/domain/rig-space.js';
import { isFeasibleUnit, toPhysical, unitConstraints } from '../../src/domain/space.js';
import type { VirtualLabOptions } from '../../src/instruments/sim/index.js';
import { randomFeasibleUnitPoint } from '../../src/virtual-lab/feasible-sampling.js';
import { findTrueOptimum } from '../../src/virtual-lab/true-optimum.js';
import { BASELINE, openLab, runCondition, stopFlows, value } from './helpers.js';

const space = rigParameterSpace();
const constraints = unitConstraints(space);

interface MeanFeatures {
  abs300: number;
  plIntensity: number;
  plArea: number;
  band380Area: number;
  band600Area: number;
}

/** Mean features per condition; replicates interleaved so slow drift hits all conditions alike. */
async function measure(seed: number, conditions: RigCondition[], replicates = 3, options: Partial<VirtualLabOptions> = {}): Promise<MeanFeatures[]> {
  const { lab, reference } = await openLab({ seed, ...options });
  const sums = conditions.map(() => ({ abs300: 0, plIntensity: 0, plArea: 0, band380Area: 0, band600Area: 0 }));
  for (let r = 0; r < replicates; r++) {
    for (const [i, condition] of conditions.entries()) {
      await stopFlows(lab);
      const f = await runCondition(lab, reference, condition);
      sums[i].abs300 += value(f.abs300) / replicates;
      sums[i].plIntensity += value(f.plIntensity) / replicates;
      sums[i].plArea += value(f.plArea) / replicates;
      sums[i].band380Area += value(f.band380Area) / replicates;
      sums[i].band600Area += value(f.band600Area) / replicates;
    }
  }
  return sums;
}

const vary = (input: RigInputName, values: number[], base: RigCondition = BASELINE) => values.map((v) => withInputAtConstantReactionTime(base, input, v));

describe('trend 1: the PL peak stays at 450 nm', () => {
  it('whatever the inputs', async () => {
    const random = createRandom(21);
    const conditions = Array.from({ length: 8 }, () => conditionFromArray(toPhysical(space, randomFeasibleUnitPoint(random, 7, constraints))));
    conditions.push({ ...BASELINE, temperatureC: 110 }, { ...BASELINE, temperatureC: 165 }, vary('csOleateFlowUlPerMin', [250])[0]);
    const { lab, reference } = await openLab({ seed: 1 });
    for (const condition of conditions) {
      await stopFlows(lab);
      const f: SpectralFeatures = await runCondition(lab, reference, condition);
      expect(Math.abs(value(f.plPeakNm) - 450)).toBeLessThan(3);
      expect(value(f.plFwhmNm)).toBeGreaterThan(75);
      expect(value(f.plFwhmNm)).toBeLessThan(110);
    }
  });
});

describe('trend 2: CuI', () => {
  it('raises both yield and PL', async () => {
    const [low, mid, high] = await measure(2, vary('cuiFlowUlPerMin', [80, 150, 240]));
    expect(mid.abs300).toBeGreaterThan(1.3 * low.abs300);
    expect(high.abs300).toBeGreaterThan(1.3 * mid.abs300);
    expect(mid.plIntensity).toBeGreaterThan(1.1 * low.plIntensity);
    expect(high.plIntensity).toBeGreaterThan(1.1 * mid.plIntensity);
  });

  it('is the most important input for PL, temperature the second (main effects over random bases)', async () => {
    // Paired one-factor profiles: every input set to three levels at the same random bases;
    // the spread of the base-averaged log PL profile is the input's main effect.
    const { lab, reference } = await openLab({ seed: 3 });
    const random = createRandom(31);
    const levels = [0.15, 0.5, 0.85];
    const bases = 10;
    const profiles = RIG_INPUT_NAMES.map(() => levels.map(() => 0));
    for (let found = 0; found < bases;) {
      const base = randomFeasibleUnitPoint(random, 7, constraints);
      const points = RIG_INPUT_NAMES.map((_, i) => levels.map((level) => base.map((x, k) => (k === i ? level : x))));
      if (!points.every((row) => row.every((p) => isFeasibleUnit(constraints, p)))) continue;
      for (const [i, row] of points.entries()) {
        for (const [k, point] of row.entries()) {
          await stopFlows(lab);
          const f = await runCondition(lab, reference, conditionFromArray(toPhysical(space, point)));
          profiles[i][k] += Math.log(value(f.plIntensity)) / bases;
        }
      }
      found++;
    }
    const spread = (profile: number[]) => {
      const m = profile.reduce((a, b) => a + b) / profile.length;
      return Math.sqrt(profile.reduce((a, b) => a + (b - m) ** 2, 0) / profile.length);
    };
    const ranked = RIG_INPUT_NAMES.map((name, i) => ({ name, effect: spread(profiles[i]) })).sort((a, b) => b.effect - a.effect);
    expect(ranked[0].name).toBe('cuiFlowUlPerMin');
    expect(ranked[1].name).toBe('temperatureC');
  });
});

describe('trend 3: temperature', () => {
  it('raises PL from 120 to 150 C; above ~150 C PL falls', async () => {
    const [t120, t135, t150, t160, t165] = await measure(4, [120, 135, 150, 160, 165].map((temperatureC) => ({ ...BASELINE, temperatureC })));
    expect(t135.plIntensity).toBeGreaterThan(1.2 * t120.plIntensity);
    expect(t150.plIntensity).toBeGreaterThan(1.05 * t135.plIntensity);
    expect(t160.plIntensity).toBeLessThan(0.95 * t150.plIntensity);
    expect(t165.plIntensity).toBeLessThan(t135.plIntensity);
  });

  it('grows a second band near 600 nm below 120 C', async () => {
    const [cold, warm] = await measure(5, [105, 140].map((temperatureC) => ({ ...BASELINE, temperatureC })), 2);
    expect(cold.band600Area).toBeGreaterThan(0.05 * cold.plArea);
    expect(Math.abs(warm.band600Area)).toBeLessThan(0.01 * warm.plArea);
  });
});

describe('trend 4: oleic acid', () => {
  it('in the Cs stream raises yield, with an interior PL optimum', async () => {
    const [none, some, lots] = await measure(6, vary('oaOdeCsFlowUlPerMin', [0, 50, 150]), 4);
    expect(some.abs300).toBeGreaterThan(0.99 * none.abs300);
    expect(lots.abs300).toBeGreaterThan(1.06 * none.abs300);
    expect(some.plIntensity).toBeGreaterThan(1.1 * none.plIntensity);
    expect(some.plIntensity).toBeGreaterThan(1.1 * lots.plIntensity);
  });

  it('in the CuI stream raises yield, with an interior PL optimum', async () => {
    const [none, some, lots] = await measure(7, vary('oaOdeCuiFlowUlPerMin', [0, 55, 100]), 4);
    expect(some.abs300).toBeGreaterThan(0.99 * none.abs300);
    expect(lots.abs300).toBeGreaterThan(1.04 * none.abs300);
    expect(some.plIntensity).toBeGreaterThan(1.1 * none.plIntensity);
    expect(some.plIntensity).toBeGreaterThan(1.02 * lots.plIntensity);
  });

  it('interacts with OAm: the best Cs-stream OA rises with the OAm it has to pair with', async () => {
    // OA binds as oleylammonium oleate: with no OAm-ODE, more acid overshoots the OA:OAm window;
    // with plenty of OAm, the same extra acid brings the ratio back into it.
    const conditions = [0, 80].flatMap((oam) => [20, 100].map((oa) => ({ ...withInputAtConstantReactionTime(BASELINE, 'oamOdeFlowUlPerMin', oam), oaOdeCsFlowUlPerMin: oa })));
    const [noOam20, noOam100, oam20, oam100] = await measure(8, conditions);
    expect(noOam100.plIntensity / noOam20.plIntensity).toBeLessThan(0.95);
    expect(oam100.plIntensity / oam20.plIntensity).toBeGreaterThan(1.1);
  });
});

describe('trend 5: oleylamine', () => {
  it('raises yield but lowers PL', async () => {
    const [none, lots] = await measure(9, vary('oamOdeFlowUlPerMin', [0, 100]));
    expect(lots.abs300).toBeGreaterThan(1.04 * none.abs300);
    expect(lots.plIntensity).toBeLessThan(0.88 * none.plIntensity);
  });
});

describe('trend 6: Cs-oleate', () => {
  it('has no strong monotone effect on PL but grows the 380 nm band', async () => {
    const results = await measure(10, vary('csOleateFlowUlPerMin', [80, 140, 200, 250]));
    const pl = results.map((r) => r.plIntensity);
    expect(Math.max(...pl) / Math.min(...pl)).toBeLessThan(1.2);
    const band = results.map((r) => r.band380Area);
    for (let i = 1; i < band.length; i++) expect(band[i]).toBeGreaterThan(band[i - 1]);
    expect(band[3]).toBeGreaterThan(1.5 * band[0]);
  });
});

describe('trend 7: reaction time', () => {
  it('above ~28 s lowers PL slightly; yield stays about flat', async () => {
    const [t25, t28, t42] = await measure(11, [25, 28, 42].map((t) => atReactionTime(BASELINE, t)), 6);
    expect(t42.plIntensity).toBeLessThan(0.97 * t28.plIntensity);
    expect(t42.plIntensity).toBeGreaterThan(0.85 * t28.plIntensity);
    expect(Math.abs(t25.plIntensity / t28.plIntensity - 1)).toBeLessThan(0.03);
    expect(Math.abs(t42.abs300 / t25.abs300 - 1)).toBeLessThan(0.05);
  });
});

describe('trend 8: mixing', () => {
  it('below 600 uL/min total precursor flow, at equal reaction time, yield and PL drop', async () => {
    const reactionTimeS = 31;
    const atFlow = async (totalFlow: number) => {
      const geometry = { ...DEFAULT_RIG_GEOMETRY, reactorVolumeUl: (reactionTimeS * 2 * totalFlow) / 60 };
      const [result] = await measure(12, [atCuiStreamFlow(BASELINE, totalFlow / 2)], 2, { geometry });
      return result;
    };
    const f300 = await atFlow(300);
    const f450 = await atFlow(450);
    const f700 = await atFlow(700);
    const f1000 = await atFlow(1000);
    expect(f300.abs300).toBeLessThan(0.8 * f450.abs300);
    expect(f450.abs300).toBeLessThan(0.95 * f700.abs300);
    expect(f300.plIntensity).toBeLessThan(0.8 * f450.plIntensity);
    expect(f450.plIntensity).toBeLessThan(0.95 * f700.plIntensity);
    expect(Math.abs(f1000.abs300 / f700.abs300 - 1)).toBeLessThan(0.05);
    expect(Math.abs(f1000.plIntensity / f700.plIntensity - 1)).toBeLessThan(0.05);
  });
});

describe('trend 9: best PLQY about 17 %, PL linear in PLQY', () => {
  it('measures the best condition near its expected PL without saturating', async () => {
    const optimum = findTrueOptimum(createRandom(1), { candidates: 800, starts: 4 });
    const { lab, reference } = await openLab({ seed: 13 });
    const f = await runCondition(lab, reference, optimum.condition);
    expect(lab.truth.flowcellResponse().plqy).toBeGreaterThan(0.15);
    expect(lab.truth.flowcellResponse().plqy).toBeLessThan(0.19);
    expect(f.saturated.pl).toBe(false);
    expect(value(f.plIntensity) / optimum.value).toBeGreaterThan(0.92);
    expect(value(f.plIntensity) / optimum.value).toBeLessThan(1.08);
  });

  it('reads PL intensity in proportion to the PLQY in the flowcell', async () => {
    const { lab, reference } = await openLab({ seed: 14 });
    const random = createRandom(41);
    const ratios: number[] = [];
    for (let i = 0; i < 12; i++) {
      await stopFlows(lab);
      const f = await runCondition(lab, reference, conditionFromArray(toPhysical(space, randomFeasibleUnitPoint(random, 7, constraints))));
      const truth = lab.truth.flowcellResponse();
      ratios.push(value(f.plIntensity) * truth.plFwhmNm / (truth.plqy * truth.absorbedFraction));
    }
    const mean = ratios.reduce((a, b) => a + b) / ratios.length;
    for (const r of ratios) expect(Math.abs(r / mean - 1)).toBeLessThan(0.05);
  });
});
