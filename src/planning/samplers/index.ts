// One entry point for the space-filling designs a planner starts from.
import type { Random } from '../../domain/random.js';
import type { UnitRegion } from '../region.js';
import { maximinLatinHypercube } from './lhs.js';
import { sobolPoints } from './sobol.js';
import { uniformRandom } from './uniform.js';

export const DESIGN_SAMPLERS = ['lhs', 'sobol', 'random'] as const;
export type DesignSampler = (typeof DESIGN_SAMPLERS)[number];

export function sampleDesign(sampler: DesignSampler, region: UnitRegion, count: number, random: Random): Float64Array[] {
  switch (sampler) {
    case 'lhs': return maximinLatinHypercube(region, count, random).points;
    case 'sobol': return sobolPoints(region, count, random);
    case 'random': return uniformRandom(region, count, random);
  }
}

export { latinHypercube, maximinLatinHypercube, type LhsDesign, type MaximinLhsOptions } from './lhs.js';
export { sobolPoints, type SobolOptions } from './sobol.js';
export { uniformRandom, monteCarloSets, type RejectionOptions } from './uniform.js';
export { selectMaximinSubset, type SubsetOptions } from './spaceFilling.js';
export { oneFactorGrid, oneFactorGridForSpace, type GridPoint, type OneFactorGrid, type OneFactorGridOptions, type PhysicalGridPoint } from './oneFactorGrid.js';
