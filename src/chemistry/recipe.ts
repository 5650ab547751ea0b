// Condition -> pump flows, temperature, times and droplet composition. The rig's two
// flow rules live here and only here: the Cs stream is filled up with ODE so the two
// streams are injected 1:1, and the PFO carrier flows at the total precursor flow.
import { rigParameterSpace, conditionToArray, type RigCondition } from '../domain/rig-space.js';
import { describeViolation, violations, type ConstraintViolation } from '../domain/space.js';
import { CS_OLEATE_STOCK, CUI_STOCK, OAM_ODE_STOCK, OA_ODE_STOCK } from './stocks.js';
import { DEFAULT_RIG_GEOMETRY, type PumpId, type RigGeometry } from './rig-geometry.js';

/** Run-engine waits this many total residence times before recording (paper, Fig. 3). */
export const EQUILIBRATION_RESIDENCE_TIMES = 1.2;

export interface DropletComposition {
  cuMillimolar: number;
  /** Iodide, all from the CuI stock (one per Cu). */
  iodideMillimolar: number;
  csMillimolar: number;
  /** Oleic acid delivered with the Cs stream and with the CuI stream, % v/v of the droplet. */
  oaCsPercent: number;
  oaCuiPercent: number;
  oamPercent: number;
}

export interface Recipe {
  condition: RigCondition;
  temperatureC: number;
  flowsUlPerMin: Record<PumpId, number>;
  cuiStreamFlowUlPerMin: number;
  csStreamFlowUlPerMin: number;
  totalPrecursorFlowUlPerMin: number;
  dropletFlowUlPerMin: number;
  reactionTimeS: number;
  /** Five-way junction to the flowcells. */
  residenceTimeS: number;
  equilibrationTimeS: number;
  droplet: DropletComposition;
}

export class InfeasibleConditionError extends Error {
  constructor(readonly violations: ConstraintViolation[]) {
    super(`infeasible condition: ${violations.map(describeViolation).join('; ')}`);
    this.name = 'InfeasibleConditionError';
  }
}

export interface RecipeOptions {
  geometry?: RigGeometry;
  /** Skip the planner's bounds (platform studies go beyond them, e.g. 100-170 C, low flows); the physical rules still hold. */
  allowOutsidePlannerBounds?: boolean;
}

/** Pure: throws InfeasibleConditionError naming each violated constraint and by how much. */
export function makeRecipe(condition: RigCondition, options: RecipeOptions = {}): Recipe {
  const geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
  const space = rigParameterSpace(geometry.reactorVolumeUl);
  const found = violations(space, conditionToArray(condition));
  const blocking = options.allowOutsidePlannerBounds ? physicalViolations(condition, found) : found;
  if (blocking.length > 0) throw new InfeasibleConditionError(blocking);

  const c = condition;
  const cuiStream = c.cuiFlowUlPerMin + c.oaOdeCuiFlowUlPerMin + c.oamOdeFlowUlPerMin + c.odeCuiFlowUlPerMin;
  const odeCs = cuiStream - c.csOleateFlowUlPerMin - c.oaOdeCsFlowUlPerMin;
  const totalPrecursor = 2 * cuiStream;
  const pfo = totalPrecursor;
  const droplet = totalPrecursor + pfo;
  const minute = 60;
  const reactionTimeS = (geometry.reactorVolumeUl / droplet) * minute;
  const residenceTimeS = (geometry.cuiStreamLineUl / cuiStream) * minute
    + ((geometry.reactorVolumeUl + geometry.outletToFlowcellUl) / droplet) * minute;
  return {
    condition: { ...condition },
    temperatureC: c.temperatureC,
    flowsUlPerMin: {
      cui: c.cuiFlowUlPerMin,
      csOleate: c.csOleateFlowUlPerMin,
      oaOdeCs: c.oaOdeCsFlowUlPerMin,
      oaOdeCui: c.oaOdeCuiFlowUlPerMin,
      oamOde: c.oamOdeFlowUlPerMin,
      odeCui: c.odeCuiFlowUlPerMin,
      odeCs,
      pfo,
    },
    cuiStreamFlowUlPerMin: cuiStream,
    csStreamFlowUlPerMin: cuiStream,
    totalPrecursorFlowUlPerMin: totalPrecursor,
    dropletFlowUlPerMin: droplet,
    reactionTimeS,
    residenceTimeS,
    equilibrationTimeS: EQUILIBRATION_RESIDENCE_TIMES * residenceTimeS,
    droplet: conditionDroplet(c),
  };
}

/** The droplet of a condition (pure, no checks): the Cs-stream ODE is derived by the 1:1 rule. */
export function conditionDroplet(c: RigCondition): DropletComposition {
  const cuiStream = c.cuiFlowUlPerMin + c.oaOdeCuiFlowUlPerMin + c.oamOdeFlowUlPerMin + c.odeCuiFlowUlPerMin;
  const odeCs = cuiStream - c.csOleateFlowUlPerMin - c.oaOdeCsFlowUlPerMin;
  return dropletComposition({ cui: c.cuiFlowUlPerMin, csOleate: c.csOleateFlowUlPerMin, oaOdeCs: c.oaOdeCsFlowUlPerMin, oaOdeCui: c.oaOdeCuiFlowUlPerMin, oamOde: c.oamOdeFlowUlPerMin, odeCui: c.odeCuiFlowUlPerMin, odeCs });
}

/** Flows of the seven precursor pumps (any one unit: only their ratios matter). */
export type PrecursorFlows = Record<Exclude<PumpId, 'pfo'>, number>;

export const EMPTY_DROPLET: DropletComposition = { cuMillimolar: 0, iodideMillimolar: 0, csMillimolar: 0, oaCsPercent: 0, oaCuiPercent: 0, oamPercent: 0 };

/** What the droplet holds once the two streams have met: each stock diluted by its share of the total precursor flow. */
export function dropletComposition(flows: PrecursorFlows): DropletComposition {
  const total = flows.cui + flows.oaOdeCui + flows.oamOde + flows.odeCui + flows.csOleate + flows.oaOdeCs + flows.odeCs;
  if (!(total > 0)) return EMPTY_DROPLET;
  const share = (flow: number) => flow / total;
  return {
    cuMillimolar: 1000 * CUI_STOCK.cuMolar * share(flows.cui),
    iodideMillimolar: 1000 * CUI_STOCK.iodideMolar * share(flows.cui),
    csMillimolar: 1000 * CS_OLEATE_STOCK.csMolar * share(flows.csOleate),
    oaCsPercent: 100 * (CS_OLEATE_STOCK.oaFraction * share(flows.csOleate) + OA_ODE_STOCK.oaFraction * share(flows.oaOdeCs)),
    oaCuiPercent: 100 * (CUI_STOCK.oaFraction * share(flows.cui) + OA_ODE_STOCK.oaFraction * share(flows.oaOdeCui)),
    oamPercent: 100 * (CUI_STOCK.oamFraction * share(flows.cui) + OAM_ODE_STOCK.oamFraction * share(flows.oamOde)),
  };
}

/** Limits no study may cross: finite numbers, no negative flow, a heater range. */
export const HEATER_RANGE_C = { min: 20, max: 220 } as const;

function physicalViolations(condition: RigCondition, found: ConstraintViolation[]): ConstraintViolation[] {
  const hard: ConstraintViolation[] = found.filter((v) => v.constraint.startsWith('derived') || !Number.isFinite(v.excess));
  for (const [name, value] of Object.entries(condition)) {
    if (name.endsWith('UlPerMin') && value < 0) hard.push({ constraint: `${name} >= 0`, excess: -value, quantity: { name, unit: 'uL/min', value, limit: 0, kind: 'min' } });
  }
  const t = condition.temperatureC;
  const heater = (limit: number, kind: 'min' | 'max') => ({ name: 'temperatureC', unit: 'C', value: t, limit, kind });
  if (t < HEATER_RANGE_C.min) hard.push({ constraint: `temperatureC >= ${HEATER_RANGE_C.min}`, excess: HEATER_RANGE_C.min - t, quantity: heater(HEATER_RANGE_C.min, 'min') });
  if (t > HEATER_RANGE_C.max) hard.push({ constraint: `temperatureC <= ${HEATER_RANGE_C.max}`, excess: t - HEATER_RANGE_C.max, quantity: heater(HEATER_RANGE_C.max, 'max') });
  return hard;
}
