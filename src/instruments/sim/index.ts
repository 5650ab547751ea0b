export { createVirtualLab, virtualLabOptionsSchema } from './create-virtual-lab.js';
export type { VirtualLab, VirtualLabFaults, VirtualLabOptions, VirtualLabState, VirtualLabSyringes, VirtualLabTruth } from './create-virtual-lab.js';
export { SimulatedClock } from './simulated-clock.js';
export { RealtimeClock } from '../clock.js';
export type { SimDeviceName } from './sim-context.js';
