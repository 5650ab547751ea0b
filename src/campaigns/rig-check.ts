// What a planning campaign needs from the rig, checked as soon as the rig is open, before the
// solvent blank: the reactor heater, a pump on every reagent line (the planner's space gives
// each of them flow somewhere), and the measurement channel its objective is computed from.
import { FEATURE_CHANNEL } from '../analysis/features.js';
import { PUMP_IDS } from '../chemistry/rig-geometry.js';
import type { Rig } from '../instruments/interfaces.js';
import { channelRequirements, layoutOf, requireDevices, type DeviceRequirement } from '../instruments/rig-layout.js';
import { REACTOR_HEATER } from '../instruments/roles.js';
import type { PlanningSpec } from './planner-setup.js';

export function campaignRequirements(objectiveFeature: keyof typeof FEATURE_CHANNEL): DeviceRequirement[] {
  return [
    { capability: 'heater', role: REACTOR_HEATER, why: 'every experiment heats the reactor' },
    ...PUMP_IDS.map((id) => ({ capability: 'pump' as const, role: id, why: `the planner may give the ${id} line flow` })),
    ...channelRequirements(FEATURE_CHANNEL[objectiveFeature], `the objective ${objectiveFeature} is measured on the ${FEATURE_CHANNEL[objectiveFeature]} channel`),
  ];
}

/** Throws RigLayoutError naming every missing device; nothing has moved yet. */
export function checkRigForCampaign(rig: Pick<Rig, 'devices'>, spec: PlanningSpec): void {
  requireDevices(layoutOf(rig), campaignRequirements(spec.objective.feature), `campaign '${spec.name}'`);
}
