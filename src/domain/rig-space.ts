// The seven planner inputs of the Cs3Cu2I5 rig, in the paper's order, with their physical
// bounds and the linear constraints that keep a condition runnable.
import type { NumericSpace } from './space.js';

export const RIG_INPUT_NAMES = [
  'temperatureC',
  'cuiFlowUlPerMin',
  'csOleateFlowUlPerMin',
  'oaOdeCsFlowUlPerMin',
  'oaOdeCuiFlowUlPerMin',
  'oamOdeFlowUlPerMin',
  'odeCuiFlowUlPerMin',
] as const;
export type RigInputName = (typeof RIG_INPUT_NAMES)[number];
export type RigCondition = Record<RigInputName, number>;

/** Reaction-time window of the autonomous campaigns (paper: 25 to 42 s). */
export const REACTION_TIME_WINDOW_S = { min: 25, max: 42 } as const;
/** Below 600 uL/min total precursor flow the reaction becomes mixing limited (Fig. 4A/B). */
export const TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN = { min: 600, max: 1100 } as const;

const cuiStream = {
  cuiFlowUlPerMin: 1,
  oaOdeCuiFlowUlPerMin: 1,
  oamOdeFlowUlPerMin: 1,
  odeCuiFlowUlPerMin: 1,
};
const negated = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]));

/**
 * The rig's search space. The reaction-time window is a window on the CuI-stream flow S:
 * the droplets move at precursor + PFO flow = 4 S, so t_R = V_reactor / (4 S). `reactorVolumeUl`
 * must match the rig geometry (chemistry/rig-geometry.ts).
 */
export function rigParameterSpace(reactorVolumeUl = 840): NumericSpace {
  // S (uL/min) for a reaction time t (s): 60 V / (4 t).
  const streamForTime = (timeS: number) => (60 * reactorVolumeUl) / (4 * timeS);
  return {
    parameters: [
      { name: 'temperatureC', lower: 120, upper: 150, unit: 'C', description: 'reaction temperature' },
      { name: 'cuiFlowUlPerMin', lower: 50, upper: 250, unit: 'uL/min', description: 'CuI stock flow' },
      { name: 'csOleateFlowUlPerMin', lower: 30, upper: 250, unit: 'uL/min', description: 'Cs-oleate stock flow' },
      { name: 'oaOdeCsFlowUlPerMin', lower: 0, upper: 150, unit: 'uL/min', description: 'OA-ODE flow of the Cs stream' },
      { name: 'oaOdeCuiFlowUlPerMin', lower: 0, upper: 100, unit: 'uL/min', description: 'OA-ODE flow of the CuI stream' },
      { name: 'oamOdeFlowUlPerMin', lower: 0, upper: 100, unit: 'uL/min', description: 'OAm-ODE flow of the CuI stream' },
      { name: 'odeCuiFlowUlPerMin', lower: 0, upper: 200, unit: 'uL/min', description: 'ODE flow of the CuI stream' },
    ],
    constraints: [
      {
        name: 'derived Cs-stream ODE flow >= 0',
        description: 'the Cs stream is filled up with ODE to match the CuI stream (1:1 injection), so Cs-oleate + OA-ODE(Cs) may not exceed the CuI stream',
        coefficients: { csOleateFlowUlPerMin: 1, oaOdeCsFlowUlPerMin: 1, ...negated(cuiStream) },
        bound: 0,
        quantity: { name: 'derived Cs-stream ODE flow', unit: 'uL/min', transform: 'linear', scale: -1, limit: 0, kind: 'min' },
      },
      {
        name: `total precursor flow >= ${TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.min} uL/min`,
        description: 'below it the synthesis is mixing limited',
        coefficients: negated(cuiStream),
        bound: -TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.min / 2,
        quantity: { name: 'total precursor flow', unit: 'uL/min', transform: 'linear', scale: -2, limit: TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.min, kind: 'min' },
      },
      {
        name: `total precursor flow <= ${TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.max} uL/min`,
        description: 'pressure and pump-rate limit of the rig',
        coefficients: cuiStream,
        bound: TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.max / 2,
        quantity: { name: 'total precursor flow', unit: 'uL/min', transform: 'linear', scale: 2, limit: TOTAL_PRECURSOR_FLOW_WINDOW_UL_PER_MIN.max, kind: 'max' },
      },
      {
        name: `reaction time <= ${REACTION_TIME_WINDOW_S.max} s`,
        coefficients: negated(cuiStream),
        bound: -streamForTime(REACTION_TIME_WINDOW_S.max),
        // t = 60 V / (4 S) and lhs = -S, so t = -15 V / lhs.
        quantity: { name: 'reaction time', unit: 's', transform: 'reciprocal', scale: -15 * reactorVolumeUl, limit: REACTION_TIME_WINDOW_S.max, kind: 'max' },
      },
      {
        name: `reaction time >= ${REACTION_TIME_WINDOW_S.min} s`,
        coefficients: cuiStream,
        bound: streamForTime(REACTION_TIME_WINDOW_S.min),
        quantity: { name: 'reaction time', unit: 's', transform: 'reciprocal', scale: 15 * reactorVolumeUl, limit: REACTION_TIME_WINDOW_S.min, kind: 'min' },
      },
    ],
  };
}

export function conditionFromArray(values: ArrayLike<number>): RigCondition {
  if (values.length !== RIG_INPUT_NAMES.length) throw new Error(`a rig condition has ${RIG_INPUT_NAMES.length} inputs, got ${values.length}`);
  return Object.fromEntries(RIG_INPUT_NAMES.map((name, i) => [name, values[i]])) as RigCondition;
}

export function conditionToArray(condition: RigCondition): number[] {
  return RIG_INPUT_NAMES.map((name) => condition[name]);
}
