// One or two sentences per live chart with the numbers a sighted reader takes off it, for
// screen readers (pure, tested under Node).
import type { BestSoFarRunPoint } from '../reports/charts/best-so-far.js';
import type { InputChoicePoint } from '../reports/charts/input-choices.js';
import type { HeaterPoint, SyringeLevel } from '../reports/charts/live-rig.js';
import type { AbsorbancePoint, PlPoint } from '../reports/charts/live-spectra.js';
import { formatValue } from './format.js';
import type { FeatureRow } from './live-data.js';

const INPUT_WORDS: Record<string, string> = {
  temperatureC: 'temperature', cuiFlowUlPerMin: 'CuI', csOleateFlowUlPerMin: 'Cs-oleate', oaOdeCsFlowUlPerMin: 'OA-ODE (Cs stream)',
  oaOdeCuiFlowUlPerMin: 'OA-ODE (CuI stream)', oamOdeFlowUlPerMin: 'OAm-ODE', odeCuiFlowUlPerMin: 'ODE (CuI stream)',
};

const highest = <T>(rows: readonly T[], value: (row: T) => number): T | undefined =>
  rows.reduce<T | undefined>((best, row) => (best === undefined || value(row) > value(best) ? row : best), undefined);

export function summarizeAbsorbance(points: readonly AbsorbancePoint[]): string {
  const peak = highest(points, (p) => p.absorbance);
  if (!peak) return 'no absorbance yet';
  const low = points[0].wavelengthNm;
  const high = points[points.length - 1].wavelengthNm;
  return `absorbance from ${low.toFixed(0)} to ${high.toFixed(0)} nm, highest ${peak.absorbance.toFixed(2)} at ${peak.wavelengthNm.toFixed(0)} nm`;
}

export function summarizePl(points: readonly PlPoint[], unit: string): string {
  const peak = highest(points, (p) => p.smoothed);
  if (!peak) return 'no PL yet';
  return `PL peak ${formatValue(peak.smoothed)} ${unit} at ${peak.wavelengthNm.toFixed(0)} nm (smoothed)`;
}

export function summarizeFeatures(rows: readonly FeatureRow[]): string {
  const last = rows.at(-1);
  if (!last) return 'no measured experiment yet';
  const brightest = highest(rows.filter((r) => r.plIntensity !== undefined), (r) => r.plIntensity as number);
  return `${rows.length} measured experiment${rows.length === 1 ? '' : 's'}; the latest, iteration ${last.iteration}: Abs300 ${formatValue(last.abs300)}, `
    + `PL intensity ${formatValue(last.plIntensity)} counts/s, PL area ${formatValue(last.plArea)} counts/s nm`
    + (brightest ? `; highest PL intensity ${formatValue(brightest.plIntensity)} counts/s at iteration ${brightest.iteration}` : '');
}

export function summarizeBestSoFar(runs: readonly BestSoFarRunPoint[], objective: string, direction: 'maximize' | 'minimize'): string {
  const last = runs.at(-1);
  if (!last) return 'no measured experiment yet';
  const reached = runs.find((r) => r.best === last.best);
  return `best ${objective} so far ${formatValue(last.best)} (${direction === 'maximize' ? 'highest' : 'lowest'} is best), first reached at iteration ${reached?.iteration ?? last.iteration}, over ${last.iteration} iterations`;
}

export function summarizeInputs(points: readonly InputChoicePoint[]): string {
  if (points.length === 0) return 'no proposal yet';
  const lastIteration = Math.max(...points.map((p) => p.iteration));
  const last = points.filter((p) => p.iteration === lastIteration);
  return `${lastIteration} proposal${lastIteration === 1 ? '' : 's'}; the latest, chosen by ${last[0].policy}: `
    + last.map((p) => `${INPUT_WORDS[p.input] ?? p.input} ${formatValue(p.value)}${p.input === 'temperatureC' ? ' °C' : ' µL/min'}`).join(', ');
}

export function summarizeHeater(points: readonly HeaterPoint[]): string {
  const temperatures = points.filter((p) => p.series === 'temperature');
  const last = temperatures.at(-1);
  const setpoint = points.filter((p) => p.series === 'setpoint').at(-1);
  if (!last) return 'no reading yet';
  const values = temperatures.map((p) => p.temperatureC);
  return `reactor ${last.temperatureC.toFixed(1)} °C, setpoint ${setpoint?.temperatureC.toFixed(1) ?? '–'} °C; over the last ${temperatures.length} readings `
    + `(rig time ${temperatures[0].timeS.toFixed(0)} to ${last.timeS.toFixed(0)} s) between ${Math.min(...values).toFixed(1)} and ${Math.max(...values).toFixed(1)} °C`;
}

export function summarizeSyringes(levels: readonly SyringeLevel[]): string {
  const lowest = levels.reduce<SyringeLevel | undefined>((a, b) => (a === undefined || b.levelUl / b.capacityUl < a.levelUl / a.capacityUl ? b : a), undefined);
  if (!lowest) return 'no reading yet';
  const low = levels.filter((l) => l.levelUl < 0.2 * l.capacityUl).map((l) => l.pump);
  return `lowest syringe ${lowest.pump}: ${lowest.levelUl.toFixed(0)} of ${lowest.capacityUl.toFixed(0)} uL (${((100 * lowest.levelUl) / lowest.capacityUl).toFixed(0)} %); `
    + (low.length > 0 ? `below 20 %: ${low.join(', ')}` : 'none below 20 %');
}
