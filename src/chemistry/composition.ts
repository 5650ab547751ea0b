// A condition as a chemist reads it: temperature, the droplet's concentrations (mM of Cu and Cs,
// % v/v of the ligands, from the recipe) and the reaction time, instead of seven pump flows.
// The map is one to one (the CuI-stream ODE fills the stream up), so a slice of the planner's
// space can be drawn in concentrations: the other concentrations and the reaction time held,
// the flows follow. Pure.
import type { RigCondition, RigInputName } from '../domain/rig-space.js';
import { cuiStreamFlow, cuiStreamFlowForReactionTime } from './condition-variants.js';
import { conditionDroplet } from './recipe.js';
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from './rig-geometry.js';
import { CS_OLEATE_STOCK, CUI_STOCK, OAM_ODE_STOCK, OA_ODE_STOCK } from './stocks.js';

export const COMPOSITION_AXES = ['temperatureC', 'cuMillimolar', 'csMillimolar', 'oaCsPercent', 'oaCuiPercent', 'oamPercent', 'reactionTimeS'] as const;
export type CompositionAxis = (typeof COMPOSITION_AXES)[number];
export type Composition = Record<CompositionAxis, number>;

/**
 * The composition axis each planner input moves when the others are held as concentrations.
 * The CuI-stream ODE only dilutes: with every concentration held it sets the total flow, that
 * is the reaction time.
 */
export const AXIS_OF_INPUT: Record<RigInputName, CompositionAxis> = {
  temperatureC: 'temperatureC',
  cuiFlowUlPerMin: 'cuMillimolar',
  csOleateFlowUlPerMin: 'csMillimolar',
  oaOdeCsFlowUlPerMin: 'oaCsPercent',
  oaOdeCuiFlowUlPerMin: 'oaCuiPercent',
  oamOdeFlowUlPerMin: 'oamPercent',
  odeCuiFlowUlPerMin: 'reactionTimeS',
};

export function compositionOf(condition: RigCondition, geometry: RigGeometry = DEFAULT_RIG_GEOMETRY): Composition {
  return {
    temperatureC: condition.temperatureC,
    ...conditionDroplet(condition),
    reactionTimeS: (60 * geometry.reactorVolumeUl) / (4 * cuiStreamFlow(condition)),
  };
}

/** The flows that give `composition` (negative where no flow can: the caller checks feasibility). */
export function conditionOfComposition(composition: Composition, geometry: RigGeometry = DEFAULT_RIG_GEOMETRY): RigCondition {
  const stream = cuiStreamFlowForReactionTime(composition.reactionTimeS, geometry);
  const precursor = 2 * stream;
  const cui = (composition.cuMillimolar / (1000 * CUI_STOCK.cuMolar)) * precursor;
  const csOleate = (composition.csMillimolar / (1000 * CS_OLEATE_STOCK.csMolar)) * precursor;
  const oaOdeCs = ((composition.oaCsPercent / 100) * precursor - CS_OLEATE_STOCK.oaFraction * csOleate) / OA_ODE_STOCK.oaFraction;
  const oaOdeCui = ((composition.oaCuiPercent / 100) * precursor - CUI_STOCK.oaFraction * cui) / OA_ODE_STOCK.oaFraction;
  const oamOde = ((composition.oamPercent / 100) * precursor - CUI_STOCK.oamFraction * cui) / OAM_ODE_STOCK.oamFraction;
  return {
    temperatureC: composition.temperatureC,
    cuiFlowUlPerMin: cui,
    csOleateFlowUlPerMin: csOleate,
    oaOdeCsFlowUlPerMin: oaOdeCs,
    oaOdeCuiFlowUlPerMin: oaOdeCui,
    oamOdeFlowUlPerMin: oamOde,
    odeCuiFlowUlPerMin: stream - cui - oaOdeCui - oamOde,
  };
}
