// The feature columns every study row carries.
import type { SpectralFeatures } from '../../analysis/features.js';

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
