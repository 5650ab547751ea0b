// Spectra -> features: absorbance, PL band, steady state.
export * from './absorbance.js';
export * from './photoluminescence.js';
export * from './features.js';
export * from './steady-state.js';
export { fitLine, studentT975 } from './series-statistics.js';
export type { LineFit } from './series-statistics.js';
export type { WavelengthRangeNm } from './wavelength-range.js';
export * from './saturation.js';
