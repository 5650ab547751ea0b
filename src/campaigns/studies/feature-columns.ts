// The feature columns every study row carries.
import type { SpectralFeatures } from '../../analysis/features.js';

export const FEATURE_COLUMNS = ['abs300', 'plIntensity', 'plArea', 'plPeakNm', 'plFwhmNm', 'band380Area', 'band600Area'] as const;

export function featureCells(features: SpectralFeatures): Record<(typeof FEATURE_COLUMNS)[number], number> {
  return {
    abs300: features.abs300,
    plIntensity: features.plIntensity,
    plArea: features.plArea,
    plPeakNm: features.plPeakNm,
    plFwhmNm: features.plFwhmNm,
    band380Area: features.band380Area,
    band600Area: features.band600Area,
  };
}
