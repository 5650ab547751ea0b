// The feature columns every study row carries.
import type { SpectralFeatures } from '../../analysis/features.js';
import { relativeStdPercent } from '../../analysis/steady-state.js';

export const FEATURE_COLUMNS = ['abs300', 'plIntensity', 'plArea', 'plPeakNm', 'plFwhmNm', 'band380Area', 'band600Area'] as const;

/** Missing features (no usable pixel) become NaN, which CSV writes as an empty cell. */
export function featureCells(features: SpectralFeatures): Record<(typeof FEATURE_COLUMNS)[number], number> {
  return {
    abs300: features.abs300 ?? Number.NaN,
    plIntensity: features.plIntensity ?? Number.NaN,
    plArea: features.plArea ?? Number.NaN,
    plPeakNm: features.plPeakNm ?? Number.NaN,
    plFwhmNm: features.plFwhmNm ?? Number.NaN,
    band380Area: features.band380Area ?? Number.NaN,
    band600Area: features.band600Area ?? Number.NaN,
  };
}

/** Relative standard deviation (%) of the three features the paper reports for Fig. 3. */
export function rsdOfFig3Features(rows: readonly Record<string, number | string>[]): { abs300: number; plIntensity: number; plArea: number } {
  const rsd = (feature: string) => relativeStdPercent(rows.map((r) => r[feature] as number));
  return { abs300: rsd('abs300'), plIntensity: rsd('plIntensity'), plArea: rsd('plArea') };
}
