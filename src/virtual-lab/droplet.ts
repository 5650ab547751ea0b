// Droplet composition from whatever the precursor pumps actually deliver (rates after gain
// errors, stalls, partly flushed lines), with the recipe's stock arithmetic.
import { dropletComposition, EMPTY_DROPLET, type DropletComposition, type PrecursorFlows } from '../chemistry/recipe.js';
import type { PumpId } from '../chemistry/rig-geometry.js';

export const CUI_STREAM_PUMPS = ['cui', 'oaOdeCui', 'oamOde', 'odeCui'] as const satisfies readonly PumpId[];
export const CS_STREAM_PUMPS = ['csOleate', 'oaOdeCs', 'odeCs'] as const satisfies readonly PumpId[];

export { EMPTY_DROPLET, type PrecursorFlows };

export function totalPrecursorFlow(flows: PrecursorFlows): number {
  return flows.cui + flows.oaOdeCui + flows.oamOde + flows.odeCui + flows.csOleate + flows.oaOdeCs + flows.odeCs;
}

/** Any flow unit: only the ratios matter. */
export function dropletFromFlows(flows: PrecursorFlows): DropletComposition {
  return dropletComposition(flows);
}
