// Vega-Lite specs of the report figures: pure functions of plain data, no Node imports, so the
// headless report and the browser dashboard draw the same charts.
export * from './common.js';
export * from './parity.js';
export * from './uncertainty-by-size.js';
export * from './shap-beeswarm.js';
export * from './shap-importance.js';
export * from './response-surface.js';
export * from './best-so-far.js';
export * from './input-choices.js';
export * from './feature-panels.js';
export * from './stability.js';
export * from './perturbation.js';
export * from './residence-time.js';
export * from './flowrate.js';
export * from './reaction-time.js';
export * from './grid-spectra.js';
export * from './spectra-by-level.js';
export * from './pl-versus-input.js';
