// Conditions derived from a base condition for the platform studies: same droplet
// composition at another reaction time, and one input changed at constant reaction time.
import type { RigCondition, RigInputName } from '../domain/rig-space.js';
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from './rig-geometry.js';

const FLOW_INPUTS: RigInputName[] = ['cuiFlowUlPerMin', 'csOleateFlowUlPerMin', 'oaOdeCsFlowUlPerMin', 'oaOdeCuiFlowUlPerMin', 'oamOdeFlowUlPerMin', 'odeCuiFlowUlPerMin'];
const CUI_STREAM_INPUTS: RigInputName[] = ['cuiFlowUlPerMin', 'oaOdeCuiFlowUlPerMin', 'oamOdeFlowUlPerMin', 'odeCuiFlowUlPerMin'];

export function cuiStreamFlow(condition: RigCondition): number {
  return CUI_STREAM_INPUTS.reduce((sum, name) => sum + condition[name], 0);
}

/** CuI-stream flow S that gives reaction time t: droplets move at 4 S through the reactor. */
export function cuiStreamFlowForReactionTime(reactionTimeS: number, geometry: RigGeometry = DEFAULT_RIG_GEOMETRY): number {
  return (60 * geometry.reactorVolumeUl) / (4 * reactionTimeS);
}

/** All flows scaled together: the droplet composition stays, the reaction time changes. */
export function atReactionTime(condition: RigCondition, reactionTimeS: number, geometry: RigGeometry = DEFAULT_RIG_GEOMETRY): RigCondition {
  return atCuiStreamFlow(condition, cuiStreamFlowForReactionTime(reactionTimeS, geometry));
}

export function atCuiStreamFlow(condition: RigCondition, streamFlowUlPerMin: number): RigCondition {
  const factor = streamFlowUlPerMin / cuiStreamFlow(condition);
  const scaled = { ...condition };
  for (const name of FLOW_INPUTS) scaled[name] = condition[name] * factor;
  return scaled;
}

/**
 * One input set to `value` with the CuI-stream ODE taking up the difference, so the
 * stream flow (and with it the reaction time) stays that of the base condition, as in the
 * paper's partial grid search. Cs-stream inputs need no compensation: the Cs-stream ODE is derived.
 */
export function withInputAtConstantReactionTime(base: RigCondition, input: RigInputName, value: number): RigCondition {
  const changed = { ...base, [input]: value };
  if (CUI_STREAM_INPUTS.includes(input) && input !== 'odeCuiFlowUlPerMin') {
    changed.odeCuiFlowUlPerMin = base.odeCuiFlowUlPerMin - (value - base[input]);
  }
  return changed;
}
