import { describe, expect, it } from 'vitest';
import type { CampaignDetail, Experiment, ExperimentSpectra, Proposal, RigState } from '../../src/web/api-schemas.js';
import {
  appendHeaterReading,
  bestSoFarData,
  featureRows,
  INITIAL_DESIGN_LABEL,
  inputChoicePoints,
  iterationByExperiment,
  newestMeasuredExperimentId,
  newestMeasuredStoredId,
  plotContext,
  spectrumPoints,
  syringeLevels,
} from '../../src/web/live-data.js';

function proposal(id: string, status: Proposal['status'], fields: Partial<Proposal> = {}): Proposal {
  return { proposalId: id, condition: { temperatureC: 130, cuiFlowUlPerMin: 100 }, reason: 'initial-design', status, ...fields };
}

function experiment(id: number, features: Experiment['features']): Experiment {
  return { id, status: features ? 'measured' : 'failed', condition: {}, features };
}

const features = (abs300: number | null, plIntensity: number | null, plArea: number | null) => ({ abs300, plIntensity, plArea });

// Measured 3, failed, measured 1, measured 5, then one running and one queued.
const PROPOSALS: Proposal[] = [
  proposal('c1', 'measured', { experimentId: 11, value: 3 }),
  proposal('c2', 'failed', { experimentId: 12, error: 'pump stalled' }),
  proposal('c3', 'measured', { experimentId: 13, value: 1, reason: 'policy' }),
  proposal('c4', 'measured', { experimentId: 14, value: 5, reason: 'policy' }),
  proposal('c5', 'running', { reason: 'policy' }),
  proposal('c6', 'queued', { reason: 'policy' }),
];

describe('live view data', () => {
  it('numbers finished proposals 1, 2, ... in proposal order, failed ones included', () => {
    expect([...iterationByExperiment(PROPOSALS)]).toEqual([[11, 1], [12, 2], [13, 3], [14, 4]]);
  });

  it('puts each experiment\'s features at its iteration and leaves out missing values and foreign experiments', () => {
    const rows = featureRows(PROPOSALS, [
      experiment(14, features(0.5, 300, 9000)),
      experiment(11, features(0.4, null, 7000)),
      experiment(12, null),
      experiment(99, features(1, 1, 1)),
    ]);
    expect(rows).toEqual([
      { iteration: 1, experimentId: 11, abs300: 0.4, plArea: 7000 },
      { iteration: 4, experimentId: 14, abs300: 0.5, plIntensity: 300, plArea: 9000 },
    ]);
  });

  it('tracks the best value so far in the objective\'s direction', () => {
    const maximize = bestSoFarData(PROPOSALS, 'maximize', 'mv', 'camp');
    expect(maximize.runs.map((r) => [r.iteration, r.best])).toEqual([[1, 3], [3, 3], [4, 5]]);
    expect(maximize.runs.every((r) => r.policy === 'mv' && r.replicate === 'camp')).toBe(true);
    expect(maximize.bands.map((b) => [b.median, b.lowerQuartile, b.upperQuartile])).toEqual([[3, 3, 3], [3, 3, 3], [5, 5, 5]]);
    const minimize = bestSoFarData(PROPOSALS, 'minimize', 'mv', 'camp');
    expect(minimize.runs.map((r) => r.best)).toEqual([3, 1, 1]);
  });

  it('draws for the campaign\'s objective and policy, a study for the domain\'s default objective', () => {
    const detail = (kind: string, policy: string | null, objective?: CampaignDetail['spec']['objective']): CampaignDetail => ({
      summary: { id: 'camp', name: 'n', kind, policy, status: 'running', planned: null, measured: 0, failed: 0, best: null, twin: null },
      spec: { kind, objective },
      state: { status: 'running', proposals: [], lastSeq: 0 },
    });
    expect(plotContext(detail('optimisation', 'ei', { feature: 'abs300', direction: 'minimize' }))).toEqual({ campaignId: 'camp', policy: 'ei', objective: { feature: 'abs300', direction: 'minimize' } });
    expect(plotContext(detail('study', null))).toEqual({ campaignId: 'camp', policy: 'study', objective: { feature: 'plIntensity', direction: 'maximize' } });
  });

  it('lists every proposal\'s inputs, attributed to the initial design or the policy', () => {
    const points = inputChoicePoints(PROPOSALS, ['temperatureC', 'cuiFlowUlPerMin', 'notAnInput'], 'mv', 'camp');
    expect(points).toHaveLength(6 * 2);
    expect(points.filter((p) => p.policy === INITIAL_DESIGN_LABEL).map((p) => p.iteration)).toEqual([1, 1, 2, 2]);
    expect(points.filter((p) => p.policy === 'mv').map((p) => p.iteration)).toEqual([3, 3, 4, 4, 5, 5, 6, 6]);
    expect(points[1]).toEqual({ policy: INITIAL_DESIGN_LABEL, replicate: 'camp', iteration: 1, input: 'cuiFlowUlPerMin', value: 100 });
  });

  it('picks the newest measured experiment for the spectra', () => {
    expect(newestMeasuredExperimentId(PROPOSALS)).toBe(14);
    expect(newestMeasuredExperimentId(PROPOSALS.slice(1, 2))).toBeNull();
    // A study has experiments but no proposals.
    expect(newestMeasuredStoredId([experiment(3, features(1, 1, 1)), experiment(7, features(1, 1, 1)), experiment(9, null)])).toBe(7);
    expect(newestMeasuredStoredId([experiment(9, null)])).toBeNull();
  });

  it('drops excluded absorbance pixels and pairs PL signal with its smoothed curve', () => {
    const spectra: ExperimentSpectra = {
      experimentId: 1,
      features: null,
      processed: {
        absorbance: { wavelengthsNm: [300, 301, 302], absorbance: [0.5, null, 0.25] },
        pl: { wavelengthsNm: [450, 451], signal: [10, 12], smoothed: [10.5, 11.5] },
      },
    };
    expect(spectrumPoints(spectra)).toEqual({
      absorbance: [{ wavelengthNm: 300, absorbance: 0.5 }, { wavelengthNm: 302, absorbance: 0.25 }],
      pl: [{ wavelengthNm: 450, signal: 10, smoothed: 10.5 }, { wavelengthNm: 451, signal: 12, smoothed: 11.5 }],
    });
    expect(spectrumPoints({ ...spectra, processed: null })).toEqual({ absorbance: [], pl: [] });
  });
});

describe('rig readings', () => {
  const state = (temperatureC: number, setpointC: number): RigState => ({
    heater: { mode: 'auto', setpointC, temperatureC },
    pumps: { cui: { state: 'running', programmedRateUlPerMin: 100, syringeLevelUl: 400, syringeCapacityUl: 1000 } },
    pressureKpa: 12,
    lights: { uvLed: true },
  });

  it('keeps the last readings of temperature and setpoint', () => {
    let points = appendHeaterReading([], state(25, 130), 0, 3);
    for (let t = 1; t <= 4; t++) points = appendHeaterReading(points, state(25 + t, 130), t, 3);
    expect(points.filter((p) => p.series === 'temperature').map((p) => [p.timeS, p.temperatureC])).toEqual([[2, 27], [3, 28], [4, 29]]);
    expect(points.filter((p) => p.series === 'setpoint').map((p) => p.temperatureC)).toEqual([130, 130, 130]);
  });

  it('plots temperatures to 0.1 °C, so sensor wiggles do not show as steps', () => {
    const points = appendHeaterReading([], state(134.99999999999, 135.04), 7);
    expect(points.map((p) => p.temperatureC)).toEqual([135, 135]);
  });

  it('starts a new trace when the rig clock goes back (a new run opened a new rig)', () => {
    const before = appendHeaterReading(appendHeaterReading([], state(100, 130), 500), state(110, 130), 501);
    expect(appendHeaterReading(before, state(30, 120), 0)).toEqual([
      { timeS: 0, series: 'temperature', temperatureC: 30 },
      { timeS: 0, series: 'setpoint', temperatureC: 120 },
    ]);
  });

  it('reads syringe levels against capacity per pump', () => {
    expect(syringeLevels(state(25, 25))).toEqual([{ pump: 'cui', levelUl: 400, capacityUl: 1000 }]);
  });
});
