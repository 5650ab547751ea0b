// The virtual rig's physics (pure). The Rig built on it lives in src/instruments/sim.
export { CHEMISTRY_CONSTANTS, opticalResponse, mixResponses, type OpticalResponse, type ReactionInputs } from './chemistry-model.js';
export { BAND_SHAPES, dropletAbsorbance, emissionDensity } from './spectral-shapes.js';
export { dropletFromFlows, type PrecursorFlows } from './droplet.js';
export { expectedFeatures, expectedFeaturesOfResponse, expectedPlIntensity, steadyStateResponse, FEATURE_WINDOWS_NM, type ExpectedFeatures, type ExpectedFeaturesOptions } from './expected-features.js';
export { findTrueOptimum, type TrueOptimum, type TrueOptimumOptions } from './true-optimum.js';
export { randomFeasibleUnitPoint } from './feasible-sampling.js';
export { DEFAULT_NOISE, NO_NOISE, resolveNoise, type NoiseOptions } from './noise.js';
export { DEFAULT_HEATER_PARAMETERS, HeaterModel, type HeaterParameters, type HeaterMode } from './heater-model.js';
export { FlowTimeline } from './flow-timeline.js';
export { DEFAULT_DISPERSION, flowcellResponse, type DispersionParameters } from './transport.js';
export { ABSORBANCE_DETECTOR, PL_DETECTOR, type DetectorSpec } from './detector-model.js';
export { OPTICS } from './optics.js';
export { RigSimulation, HYDRAULICS, type RigSnapshot, type SpectrometerChannel } from './rig-simulation.js';
