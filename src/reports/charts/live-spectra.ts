// Live spectrum plots of the dashboard: the newest experiment's processed absorbance and
// corrected PL. Data sit in named datasets so a view can swap them without re-embedding.
import type { TopLevelSpec } from 'vega-lite';
import { fitWidth, type LiveChartSize } from './live-layout.js';

export const LIVE_ABSORBANCE_DATASET = 'absorbance';
export const LIVE_PL_DATASET = 'pl';

export interface AbsorbancePoint {
  wavelengthNm: number;
  absorbance: number;
}

export interface PlPoint {
  wavelengthNm: number;
  /** Dark-corrected PL signal, in `unit`. */
  signal: number;
  smoothed: number;
}

export interface LiveSpectrumOptions extends LiveChartSize {
  title?: string;
}

export function liveAbsorbanceSpectrumSpec(points: readonly AbsorbancePoint[], options: LiveSpectrumOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'Absorbance',
    ...fitWidth(options),
    height: options.heightPx ?? 180,
    datasets: { [LIVE_ABSORBANCE_DATASET]: [...points] },
    data: { name: LIVE_ABSORBANCE_DATASET },
    mark: { type: 'line', strokeWidth: 1.5, color: '#1f6fb2' },
    encoding: {
      x: { field: 'wavelengthNm', type: 'quantitative', title: 'wavelength (nm)', scale: { zero: false, nice: false } },
      y: { field: 'absorbance', type: 'quantitative', title: 'absorbance (unitless)' },
    },
  };
}

/** Corrected PL as thin raw trace with the smoothed curve on top. */
export function livePlSpectrumSpec(points: readonly PlPoint[], unit: string, options: LiveSpectrumOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'Photoluminescence',
    ...fitWidth(options),
    height: options.heightPx ?? 180,
    datasets: { [LIVE_PL_DATASET]: [...points] },
    data: { name: LIVE_PL_DATASET },
    encoding: {
      x: { field: 'wavelengthNm', type: 'quantitative', title: 'wavelength (nm)', scale: { zero: false, nice: false } },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1, color: '#c9b3e6' }, encoding: { y: { field: 'signal', type: 'quantitative', title: `PL (${unit})` } } },
      { mark: { type: 'line', strokeWidth: 2, color: '#6a3d9a' }, encoding: { y: { field: 'smoothed', type: 'quantitative' } } },
    ],
  };
}
