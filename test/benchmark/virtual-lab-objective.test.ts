import { describe, expect, it } from 'vitest';
import { builtinObjective } from '../../src/benchmark/objectives/index.js';
import { rigParameterSpace } from '../../src/domain/rig-space.js';
import { recordToPoint, violations } from '../../src/domain/space.js';

describe('virtual-lab objective', async () => {
  const objective = await builtinObjective('virtual-lab');
  const optimum = await objective.optimum();
  const centre = { temperatureC: 135, cuiFlowUlPerMin: 150, csOleateFlowUlPerMin: 80, oaOdeCsFlowUlPerMin: 40, oaOdeCuiFlowUlPerMin: 50, oamOdeFlowUlPerMin: 50, odeCuiFlowUlPerMin: 80 };

  it('searches the rig space with its constraints for PL intensity, maximised, with a feasible noise-free optimum', () => {
    expect(objective.space).toEqual(rigParameterSpace());
    expect(objective.direction).toBe('maximize');
    expect(objective.noisy).toBe(true);
    expect(optimum?.point).toBeDefined();
    expect(violations(objective.space, recordToPoint(objective.space, optimum?.point ?? {}))).toEqual([]);
    expect(violations(objective.space, recordToPoint(objective.space, centre))).toEqual([]);
  });

  it('measures through spectra close to the noise-free value, best near the optimum, the same for the same replicate', async () => {
    const measure = async (seed: number) => {
      const session = await objective.open({ replicateSeed: seed });
      try {
        return [await session.evaluate(optimum?.point ?? {}), await session.evaluate(centre)];
      } finally {
        await session.close();
      }
    };
    const [atOptimum, atCentre] = await measure(7);
    expect(atOptimum.trueValue).toBeCloseTo(optimum?.value ?? Number.NaN, 6);
    // Noise and drift of a few percent, as the paper reports (about 1 % for PL intensity).
    expect(Math.abs((atOptimum.value as number) / (atOptimum.trueValue as number) - 1)).toBeLessThan(0.05);
    expect(Math.abs((atCentre.value as number) / (atCentre.trueValue as number) - 1)).toBeLessThan(0.05);
    expect(atCentre.trueValue as number).toBeLessThan(atOptimum.trueValue as number);
    expect(await measure(7)).toEqual([atOptimum, atCentre]);
    expect((await measure(8))[0].value).not.toBe(atOptimum.value);
  });
});
