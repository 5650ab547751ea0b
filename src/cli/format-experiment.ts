// Human-readable summary of one experiment.
import type { Recipe } from '../chemistry/recipe.js';
import { PUMP_IDS } from '../chemistry/rig-geometry.js';
import type { SpectralFeatures } from '../analysis/features.js';

const fixed = (value: number | null, digits: number) => (value !== null && Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** `labSeed`: the virtual lab's seed, or null on real instruments. */
export function formatExperiment(experimentId: number, database: string, unit: number[], recipe: Recipe, features: SpectralFeatures, labSeed: number | null = null): string {
  const lines = [
    labSeed === null ? 'lab: real instruments' : `lab: virtual, seed ${labSeed} (--seed N for other noise)`,
    `condition x = ${unit.map((v) => v.toFixed(3)).join(', ')}`,
    ...Object.entries(recipe.condition).map(([name, value]) => `  ${name.padEnd(22)} ${fixed(value, 1)}`),
    'pump flows (uL/min)',
    `  ${PUMP_IDS.map((id) => `${id} ${fixed(recipe.flowsUlPerMin[id], 1)}`).join('  ')}`,
    `times: reaction ${fixed(recipe.reactionTimeS, 1)} s, residence ${fixed(recipe.residenceTimeS, 1)} s, equilibration ${fixed(recipe.equilibrationTimeS, 1)} s`,
    `droplet: Cu ${fixed(recipe.droplet.cuMillimolar, 3)} mM, Cs ${fixed(recipe.droplet.csMillimolar, 3)} mM, OA ${fixed(recipe.droplet.oaCsPercent + recipe.droplet.oaCuiPercent, 2)} % v/v, OAm ${fixed(recipe.droplet.oamPercent, 2)} % v/v`,
    'features',
    `  Abs300          ${fixed(features.abs300, 4)}`,
    `  PL intensity    ${fixed(features.plIntensity, 1)} counts/s`,
    `  PL area         ${fixed(features.plArea, 1)} counts/s nm`,
    `  PL peak         ${fixed(features.plPeakNm, 1)} nm`,
    `  PL FWHM         ${fixed(features.plFwhmNm, 1)} nm`,
    ...(features.warnings.length > 0 ? [`warnings: ${features.warnings.join('; ')}`] : []),
    `saved as experiment ${experimentId} in ${database}`,
  ];
  return `${lines.join('\n')}\n`;
}
