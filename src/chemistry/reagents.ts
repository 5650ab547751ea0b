// Reagent budget: how much each syringe gives for a run, and whether the syringes can finish it.
import { perPump, PUMP_IDS, type PumpId } from './rig-geometry.js';
import type { Recipe } from './recipe.js';

export type SyringeLevelsUl = Record<PumpId, number>;

/** Volume each pump delivers while running the recipe for `durationS`. */
export function reagentUseUl(recipe: Recipe, durationS: number): Record<PumpId, number> {
  return perPump((id) => (recipe.flowsUlPerMin[id] * durationS) / 60);
}

export interface ReagentShortfall {
  pump: PumpId;
  neededUl: number;
  availableUl: number;
}

/** Pumps that would run dry before the run ends; empty when all syringes can finish it. */
export function reagentShortfalls(levels: SyringeLevelsUl, recipe: Recipe, durationS: number): ReagentShortfall[] {
  const use = reagentUseUl(recipe, durationS);
  return PUMP_IDS.filter((id) => use[id] > levels[id] + 1e-9).map((id) => ({ pump: id, neededUl: use[id], availableUl: levels[id] }));
}

export class ReagentShortageError extends Error {
  constructor(readonly shortfalls: ReagentShortfall[]) {
    super(`not enough reagent: ${shortfalls.map((s) => `${s.pump} needs ${s.neededUl.toFixed(0)} uL, syringe holds ${s.availableUl.toFixed(0)} uL`).join('; ')}`);
    this.name = 'ReagentShortageError';
  }
}

/** Precursor volume (both streams, no PFO) a run uses. */
export function precursorUseUl(recipe: Recipe, durationS: number): number {
  return (recipe.totalPrecursorFlowUlPerMin * durationS) / 60;
}
