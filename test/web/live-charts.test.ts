// The live chart specs compile without warnings, draw their rows, and take new rows in place
// (the dashboard swaps named datasets instead of rebuilding the view).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { liveHeaterSpec, liveSyringesSpec, LIVE_HEATER_DATASET, LIVE_SYRINGES_DATASET } from '../../src/reports/charts/live-rig.js';
import { facetPanelWidth, fitWidth } from '../../src/reports/charts/live-layout.js';
import { liveAbsorbanceSpectrumSpec, livePlSpectrumSpec, LIVE_ABSORBANCE_DATASET, LIVE_PL_DATASET } from '../../src/reports/charts/live-spectra.js';

async function view(spec: TopLevelSpec): Promise<{ view: vega.View; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
    error: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  const compiled = compile(spec, { logger: logger as never });
  const v = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  await v.runAsync();
  return { view: v, warnings };
}

const absorbance = Array.from({ length: 50 }, (_, i) => ({ wavelengthNm: 250 + i, absorbance: Math.exp(-i / 10) }));
const pl = Array.from({ length: 40 }, (_, i) => ({ wavelengthNm: 400 + 2 * i, signal: 100 + i, smoothed: 100 + i }));

describe('live chart specs', () => {
  it('plot the spectra from their named datasets and take new rows in place', async () => {
    const abs = await view(liveAbsorbanceSpectrumSpec(absorbance, { widthPx: 400 }));
    expect(abs.warnings).toEqual([]);
    expect(abs.view.data(LIVE_ABSORBANCE_DATASET)).toHaveLength(50);
    await abs.view.data(LIVE_ABSORBANCE_DATASET, absorbance.slice(0, 7)).runAsync();
    expect(abs.view.data(LIVE_ABSORBANCE_DATASET)).toHaveLength(7);

    const photo = await view(livePlSpectrumSpec(pl, 'counts/s'));
    expect(photo.warnings).toEqual([]);
    expect(photo.view.data(LIVE_PL_DATASET).map((row: { smoothed: number }) => row.smoothed)).toEqual(pl.map((p) => p.smoothed));
  });

  it('plot heater readings and syringe levels', async () => {
    const heater = await view(liveHeaterSpec([{ timeS: 0, series: 'temperature', temperatureC: 25 }, { timeS: 0, series: 'setpoint', temperatureC: 130 }], { widthPx: 300 }));
    expect(heater.warnings).toEqual([]);
    expect(heater.view.data(LIVE_HEATER_DATASET)).toHaveLength(2);
    const syringes = await view(liveSyringesSpec([{ pump: 'cui', levelUl: 100, capacityUl: 1000 }, { pump: 'pfo', levelUl: 900, capacityUl: 1000 }]));
    expect(syringes.warnings).toEqual([]);
    expect(syringes.view.data(LIVE_SYRINGES_DATASET)).toHaveLength(2);
  });

  it('fit a given width, axes included, or fill the container', async () => {
    const fitted = await view(liveAbsorbanceSpectrumSpec(absorbance, { widthPx: 400 }));
    // fit-x with padding: the whole chart, axes included, is the requested width, so the plot area is narrower.
    expect(fitted.view.width()).toBeLessThan(400);
    expect(fitted.view.width()).toBeGreaterThan(250);
    expect(fitWidth({})).toEqual({ width: 'container' });
    expect(facetPanelWidth({ widthPx: 1000 }, 4, 50, 150)).toBe(200);
    expect(facetPanelWidth({}, 4, 50, 150)).toBe(150);
  });
});
