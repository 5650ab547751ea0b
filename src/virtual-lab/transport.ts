// What sits in the flowcells at time t, from the flow history and the plate temperature
// history. The element at the flowcell is traced back through the outlet and reactor (droplet
// flow: all eight pumps) to the segmentation point, then through the CuI-stream line to the
// five-way junction. Dispersion: the single-phase CuI line blends compositions (Taylor-Aris,
// log-normal in volume), the segmented section only shuffles droplets a little (Gaussian).
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import type { OpticalResponse } from './chemistry-model.js';
import { mixResponses, opticalResponse } from './chemistry-model.js';
import { dropletFromFlows, EMPTY_DROPLET, type PrecursorFlows } from './droplet.js';
import { FlowTimeline, PUMP_INDEX } from './flow-timeline.js';

export interface TemperatureHistory {
  meanTemperatureC(fromS: number, toS: number): number;
}

export interface DispersionParameters {
  /** Log-normal SD of the volume an element of the CuI line needs to reach segmentation. */
  cuiLineLogSd: number;
  /** Relative SD of the droplet section's volume (film exchange, droplets overtaking). */
  dropletSectionRelativeSd: number;
}

/**
 * Taylor-Aris in 0.02" tubing at ~300 uL/min spreads the CuI line (a quarter of the residence
 * time) by ~20 %; segmented flow disperses little. Together: ~6 % of the residence time, so a
 * step is complete to <1 % at 1.2 residence times and has not begun at 0.8 (Fig. 3C).
 */
export const DEFAULT_DISPERSION: DispersionParameters = {
  cuiLineLogSd: 0.18,
  dropletSectionRelativeSd: 0.015,
};

// 10-point Gauss-Hermite rule turned into standard-normal nodes and weights.
const HERMITE_X = [0.3429013272237046, 1.0366108297895136, 1.7566836492998818, 2.5327316742327897, 3.4361591188377376];
const HERMITE_W = [0.6108626337353258, 0.2401386110823147, 0.03387439445548106, 0.0013436457467812327, 7.640432855232621e-6];
const NORMAL_NODES: number[] = [];
const NORMAL_WEIGHTS: number[] = [];
for (let i = 0; i < HERMITE_X.length; i++) {
  for (const sign of [-1, 1]) {
    NORMAL_NODES.push(sign * Math.SQRT2 * HERMITE_X[i]);
    NORMAL_WEIGHTS.push(HERMITE_W[i] / Math.sqrt(Math.PI));
  }
}
// Three-point rule for the narrow droplet-section spread.
const DROPLET_NODES = [-Math.sqrt(3), 0, Math.sqrt(3)];
const DROPLET_WEIGHTS = [1 / 6, 2 / 3, 1 / 6];

const CUI_PUMPS = ['cui', 'oaOdeCui', 'oamOde', 'odeCui'] as const;
const CS_PUMPS = ['csOleate', 'oaOdeCs', 'odeCs'] as const;

/** What one droplet at the flowcell went through. */
export interface DropletHistory {
  flowsUlPerMin: PrecursorFlows;
  temperatureC: number;
  reactionTimeS: number;
  totalPrecursorFlowUlPerMin: number;
}

export interface FlowcellQuery {
  timeline: FlowTimeline;
  temperatures: TemperatureHistory;
  geometry: RigGeometry;
  timeS: number;
  dispersion?: DispersionParameters;
  /** Per-pump multiplicative flow fluctuation of the droplets in this reading (pump ripple). */
  ripple?: ArrayLike<number>;
}

/** CuI-stream make-up (fractions of the four pumps) that reached segmentation at `segmentationS`. */
function cuiStreamFractions(timeline: FlowTimeline, segmentationS: number, lineUl: number, logSd: number): number[] {
  const fractions = [0, 0, 0, 0];
  const arrived = timeline.cumulativeUl('cuiStream', segmentationS);
  for (let k = 0; k < NORMAL_NODES.length; k++) {
    const factor = Math.exp(logSd * NORMAL_NODES[k] - 0.5 * logSd * logSd);
    const point = timeline.timeAtCumulative('cuiStream', arrived - lineUl * factor);
    const weight = NORMAL_WEIGHTS[k];
    if (point === null) {
      // The line was primed with ODE before the history began.
      fractions[3] += weight;
      continue;
    }
    const total = timeline.cuiStreamFlowUlPerS(point.segment);
    CUI_PUMPS.forEach((id, i) => {
      fractions[i] += weight * timeline.rateUlPerS(point.segment, PUMP_INDEX[id]) / total;
    });
  }
  return fractions;
}

/** History of the droplet whose segment-section volume offset is `factor`; null when it is carrier or priming solvent. */
function dropletHistory(query: FlowcellQuery, factor: number): DropletHistory | null {
  const { timeline, geometry, temperatures, timeS } = query;
  const dispersion = query.dispersion ?? DEFAULT_DISPERSION;
  const dropletSectionUl = (geometry.reactorVolumeUl + geometry.outletToFlowcellUl) * factor;
  const now = timeline.cumulativeUl('droplet', timeS);
  const segmentation = timeline.timeAtCumulative('droplet', now - dropletSectionUl);
  if (segmentation === null) return null;
  const cuiStream = timeline.cuiStreamFlowUlPerS(segmentation.segment);
  const csStream = timeline.csStreamFlowUlPerS(segmentation.segment);
  if (!(cuiStream + csStream > 0)) return null;
  const reactorExit = timeline.timeAtCumulative('droplet', timeline.cumulativeUl('droplet', segmentation.timeS) + geometry.reactorVolumeUl);
  const exitS = reactorExit === null ? timeS : Math.min(timeS, reactorExit.timeS);

  const fractions = cuiStream > 0 ? cuiStreamFractions(timeline, segmentation.timeS, geometry.cuiStreamLineUl, dispersion.cuiLineLogSd) : [0, 0, 0, 0];
  const ripple = query.ripple;
  const perMin = (flowUlPerS: number, id: keyof PrecursorFlows) => 60 * flowUlPerS * (ripple ? ripple[PUMP_INDEX[id]] : 1);
  const flows = {} as PrecursorFlows;
  CUI_PUMPS.forEach((id, i) => { flows[id] = perMin(cuiStream * fractions[i], id); });
  for (const id of CS_PUMPS) flows[id] = perMin(timeline.rateUlPerS(segmentation.segment, PUMP_INDEX[id]), id);
  return {
    flowsUlPerMin: flows,
    temperatureC: temperatures.meanTemperatureC(segmentation.timeS, exitS),
    reactionTimeS: exitS - segmentation.timeS,
    totalPrecursorFlowUlPerMin: 60 * (cuiStream + csStream),
  };
}

export const EMPTY_RESPONSE: OpticalResponse = opticalResponse({
  droplet: EMPTY_DROPLET,
  temperatureC: 25,
  reactionTimeS: 0,
  totalPrecursorFlowUlPerMin: 0,
});

export function responseOfDroplet(history: DropletHistory | null): OpticalResponse {
  if (history === null) return EMPTY_RESPONSE;
  return opticalResponse({
    droplet: dropletFromFlows(history.flowsUlPerMin),
    temperatureC: history.temperatureC,
    reactionTimeS: history.reactionTimeS,
    totalPrecursorFlowUlPerMin: history.totalPrecursorFlowUlPerMin,
  });
}

/** The droplets in the flowcell at `timeS` and their weights (the droplet-section spread). */
export function flowcellDroplets(query: FlowcellQuery): { histories: (DropletHistory | null)[]; weights: number[] } {
  const sd = (query.dispersion ?? DEFAULT_DISPERSION).dropletSectionRelativeSd;
  const histories = DROPLET_NODES.map((z) => dropletHistory(query, 1 + sd * z));
  return { histories, weights: DROPLET_WEIGHTS };
}

/** Optical response of what the flowcells see at `timeS` (noise-free unless ripple is given). */
export function flowcellResponse(query: FlowcellQuery): OpticalResponse {
  const { histories, weights } = flowcellDroplets(query);
  return mixResponses(histories.map(responseOfDroplet), weights);
}
