// What an experiment asks of the rig, checked against the rig's layout before anything moves:
// the reactor heater, a pump for every reagent line with flow, and at least one measurement
// channel (a spectrometer with its light). Extra devices are allowed and left alone.
import type { Recipe } from '../chemistry/recipe.js';
import type { Rig } from '../instruments/interfaces.js';
import { channelRequirements, channelsOf, layoutOf, requireDevices, type DeviceRequirement } from '../instruments/rig-layout.js';
import { REACTOR_HEATER, type MeasurementChannel } from '../instruments/roles.js';
import { flowRequirements } from './pumps.js';

export function recipeRequirements(recipe: Recipe): DeviceRequirement[] {
  return [
    { capability: 'heater', role: REACTOR_HEATER, why: `the reactor is held at ${recipe.temperatureC} C` },
    ...flowRequirements(recipe.flowsUlPerMin),
  ];
}

/**
 * Throws RigLayoutError naming every device the recipes need and the rig lacks; otherwise
 * returns the channels the rig can measure, in acquisition order.
 */
export function checkRigForRecipes(rig: Pick<Rig, 'devices'>, recipes: readonly Recipe[], job: string): MeasurementChannel[] {
  const layout = layoutOf(rig);
  const channels = channelsOf(layout);
  const needs = uniqueRequirements(recipes.flatMap(recipeRequirements));
  if (channels.length === 0) needs.push(...channelRequirements('pl', 'nothing to measure with: a PL or absorbance spectrometer together with its light'));
  requireDevices(layout, needs, job);
  return channels;
}

function uniqueRequirements(requirements: DeviceRequirement[]): DeviceRequirement[] {
  const seen = new Set<string>();
  return requirements.filter((r) => {
    const key = `${r.capability} ${r.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
