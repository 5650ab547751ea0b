// Droplet composition from whatever the precursor pumps actually deliver (rates after gain
// errors, stalls, partly flushed lines), with the same stock arithmetic as the recipe.
import type { DropletComposition } from '../chemistry/recipe.js';
import type { PumpId } from '../chemistry/rig-geometry.js';
import { CS_OLEATE_STOCK, CUI_STOCK, OAM_ODE_STOCK, OA_ODE_STOCK } from '../chemistry/stocks.js';

export const CUI_STREAM_PUMPS = ['cui', 'oaOdeCui', 'oamOde', 'odeCui'] as const satisfies readonly PumpId[];
export const CS_STREAM_PUMPS = ['csOleate', 'oaOdeCs', 'odeCs'] as const satisfies readonly PumpId[];

export type PrecursorFlows = Record<Exclude<PumpId, 'pfo'>, number>;

export const EMPTY_DROPLET: DropletComposition = { cuMillimolar: 0, csMillimolar: 0, oaCsPercent: 0, oaCuiPercent: 0, oamPercent: 0 };

export function totalPrecursorFlow(flows: PrecursorFlows): number {
  return flows.cui + flows.oaOdeCui + flows.oamOde + flows.odeCui + flows.csOleate + flows.oaOdeCs + flows.odeCs;
}

/** Any flow unit: only the ratios matter. */
export function dropletFromFlows(flows: PrecursorFlows): DropletComposition {
  const total = totalPrecursorFlow(flows);
  if (!(total > 0)) return EMPTY_DROPLET;
  const share = (flow: number) => flow / total;
  return {
    cuMillimolar: 1000 * CUI_STOCK.cuMolar * share(flows.cui),
    csMillimolar: 1000 * CS_OLEATE_STOCK.csMolar * share(flows.csOleate),
    oaCsPercent: 100 * (CS_OLEATE_STOCK.oaFraction * share(flows.csOleate) + OA_ODE_STOCK.oaFraction * share(flows.oaOdeCs)),
    oaCuiPercent: 100 * (CUI_STOCK.oaFraction * share(flows.cui) + OA_ODE_STOCK.oaFraction * share(flows.oaOdeCui)),
    oamPercent: 100 * (CUI_STOCK.oamFraction * share(flows.cui) + OAM_ODE_STOCK.oamFraction * share(flows.oamOde)),
  };
}
