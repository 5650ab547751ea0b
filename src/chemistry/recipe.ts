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
    droplet: dropletComposition(c),
  };
}

/** Concentrations in the droplet's precursor phase (both streams, no PFO) of a condition (pure, no checks). */
export function dropletComposition(c: RigCondition): DropletComposition {
  const cuiStream = c.cuiFlowUlPerMin + c.oaOdeCuiFlowUlPerMin + c.oamOdeFlowUlPerMin + c.odeCuiFlowUlPerMin;
  const share = (flow: number) => flow / (2 * cuiStream);
  return {
    cuMillimolar: 1000 * CUI_STOCK.cuMolar * share(c.cuiFlowUlPerMin),
    csMillimolar: 1000 * CS_OLEATE_STOCK.csMolar * share(c.csOleateFlowUlPerMin),
    oaCsPercent: 100 * (CS_OLEATE_STOCK.oaFraction * share(c.csOleateFlowUlPerMin) + OA_ODE_STOCK.oaFraction * share(c.oaOdeCsFlowUlPerMin)),
    oaCuiPercent: 100 * (CUI_STOCK.oaFraction * share(c.cuiFlowUlPerMin) + OA_ODE_STOCK.oaFraction * share(c.oaOdeCuiFlowUlPerMin)),
    oamPercent: 100 * (CUI_STOCK.oamFraction * share(c.cuiFlowUlPerMin) + OAM_ODE_STOCK.oamFraction * share(c.oamOdeFlowUlPerMin)),
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
