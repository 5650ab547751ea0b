// What an operator watching an overnight run reads: start, elapsed time and ETA, the alert
// region, control replies that are taken down when the state moves on, chart summaries, and the
// timing the server derives from the log.
import { describe, expect, it } from 'vitest';
import { campaignTiming } from '../../src/campaigns/campaign-timing.js';
import { campaignAlert } from '../../src/web/alert-state.js';
import { summarizeAbsorbance, summarizeBestSoFar, summarizeFeatures, summarizeHeater, summarizeInputs, summarizePl, summarizeSyringes } from '../../src/web/chart-summaries.js';
import { controlStateKey, resumeNeedsRefill } from '../../src/web/panels/control-state.js';
import { facetColumns } from '../../src/web/sizing.js';
import { campaignClock } from '../../src/web/timing.js';

const at = (h: number, m: number, s = 0, day = 1) => new Date(2026, 0, day, h, m, s).toISOString();

describe('campaign timing from the log', () => {
  const events = [
    { at: at(22, 0), type: 'created', payload: {} },
    { at: at(22, 0, 5), type: 'reference-measured', payload: {} },
    { at: at(22, 0, 6), type: 'proposed', payload: { proposalId: 'c1' } },
    { at: at(22, 0, 6), type: 'started', payload: { proposalId: 'c1' } },
    { at: at(22, 10, 6), type: 'measured', payload: { proposalId: 'c1' } },
    { at: at(22, 10, 7), type: 'started', payload: { proposalId: 'c2' } },
    { at: at(22, 16, 7), type: 'failed', payload: { proposalId: 'c2' } },
    { at: at(22, 16, 8), type: 'started', payload: { proposalId: 'c3' } },
  ];

  it('times finished experiments from start to result, and knows which one runs', () => {
    const timing = campaignTiming(events);
    expect(timing).toMatchObject({ createdAt: at(22, 0), startedAt: at(22, 0, 5), endedAt: null, timedExperiments: 2, runningSince: at(22, 16, 8) });
    expect(timing.meanExperimentS).toBe(480);
  });

  it('does not time an experiment a crash interrupted, and ends with the campaign', () => {
    const timing = campaignTiming([...events, { at: at(23, 0), type: 'interrupted', payload: { proposalId: 'c3' } }, { at: at(23, 1), type: 'aborted', payload: { reason: 'x' } }]);
    expect(timing).toMatchObject({ endedAt: at(23, 1), runningSince: null, timedExperiments: 2 });
    expect(campaignTiming([events[0]])).toMatchObject({ startedAt: null, meanExperimentS: null });
  });
});

describe('start, elapsed time and ETA', () => {
  const base = { status: 'running', planned: 60, measured: 20, failed: 1 };
  const timing = { startedAt: at(22, 0), endedAt: null, meanExperimentS: 600, runningSince: at(1, 0, 0, 2) };

  it('counts the one running from its start and the others at the mean duration, across midnight', () => {
    const clock = campaignClock({ ...base, timing }, new Date(2026, 0, 2, 1, 4).getTime());
    expect(clock.started).toBe('2026-01-01 22:00:00');
    expect(clock.elapsed).toBe('3 h 4 min');
    // 39 left: the running one is due at 01:10, then 38 more at 10 min each.
    expect(clock.etaMs).toBe(new Date(2026, 0, 2, 7, 30).getTime());
    expect(clock.eta).toBe('2026-01-02 07:30 (in 6 h 26 min; 39 left at 10 min each)');
  });

  it('says when the ETA is unknown, paused or past', () => {
    const now = new Date(2026, 0, 1, 22, 5).getTime();
    expect(campaignClock({ ...base, timing: { ...timing, meanExperimentS: null, runningSince: null } }, now).eta).toBe('unknown until the first experiment finishes (39 to run)');
    expect(campaignClock({ ...base, status: 'paused', timing: { ...timing, runningSince: null } }, now).eta).toBe('paused: 6 h 30 min of experiments left once resumed (39 left at 10 min each)');
    expect(campaignClock({ ...base, planned: null, timing }, now).eta).toMatch(/^unknown: a study/);
    expect(campaignClock({ ...base, timing: null }, now)).toMatchObject({ started: 'not started', elapsed: '–' });
    const ended = campaignClock({ ...base, status: 'completed', timing: { ...timing, endedAt: at(23, 30) } }, now);
    expect(ended).toMatchObject({ elapsed: 'took 1 h 30 min', eta: 'completed 2026-01-01 23:30:00', etaMs: null });
  });
});

describe('alert region', () => {
  it('names a fault, a pause for stocks, a planner failure, a run error and a lost link, and nothing else', () => {
    expect(campaignAlert({ status: 'paused', statusReason: 'fault: pump cui stalled at stage flow', runError: null })).toEqual({ level: 'error', title: 'Fault', text: 'pump cui stalled at stage flow. The rig is in its safe state; check it, then Resume.' });
    expect(campaignAlert({ status: 'paused', statusReason: 'stock low: refill cui (1200 uL left, next run needs 900 uL + 2000 uL reserve), then resume with --refilled', runError: null }))
      .toEqual({ level: 'warning', title: 'Paused for stocks', text: 'refill cui (1200 uL left, next run needs 900 uL + 2000 uL reserve). Refill the syringes, then press "Resume, refilled".' });
    expect(campaignAlert({ status: 'paused', statusReason: 'planner failed: no feasible point', runError: null })?.title).toBe('Planner failed');
    expect(campaignAlert({ status: 'running', runError: 'database is locked' })?.title).toBe('Run stopped with an error');
    expect(campaignAlert({ status: 'running', runError: null, lostLinks: ['heater'] })).toEqual({ level: 'error', title: 'Lost link', text: 'no answer from heater' });
    // States that need nobody: no alert, so a past one is taken down.
    expect(campaignAlert({ status: 'paused', statusReason: 'paused by operator', runError: null })).toBeNull();
    expect(campaignAlert({ status: 'aborted', statusReason: 'aborted by operator', runError: null })).toBeNull();
    expect(campaignAlert({ status: 'completed', statusReason: 'budget of 6 experiments used', runError: null })).toBeNull();
    expect(campaignAlert({ status: 'completed', runError: null, lostLinks: ['heater'] })).toBeNull();
  });

  it('keys control replies to the state they were given in, and resumes a stock pause as refilled', () => {
    expect(controlStateKey({ status: 'running', controlRequested: 'pause', active: true })).toBe('running/pause/true');
    expect(controlStateKey({ status: 'paused', active: false })).toBe('paused//false');
    expect(resumeNeedsRefill({ status: 'paused', statusReason: 'stock low: refill cui' })).toBe(true);
    expect(resumeNeedsRefill({ status: 'paused', statusReason: 'paused by operator' })).toBe(false);
  });
});

describe('chart summaries', () => {
  it('give the numbers a reader takes off each live chart', () => {
    expect(summarizeAbsorbance([{ wavelengthNm: 250, absorbance: 0.4 }, { wavelengthNm: 292, absorbance: 0.98 }, { wavelengthNm: 800, absorbance: 0 }])).toBe('absorbance from 250 to 800 nm, highest 0.98 at 292 nm');
    expect(summarizePl([{ wavelengthNm: 450, signal: 1, smoothed: 301684 }, { wavelengthNm: 500, signal: 1, smoothed: 2 }], 'counts/s')).toBe('PL peak 302k counts/s at 450 nm (smoothed)');
    expect(summarizeFeatures([{ iteration: 1, experimentId: 3, abs300: 0.5, plIntensity: 2e5, plArea: 1e7 }, { iteration: 2, experimentId: 4, abs300: 0.4, plIntensity: 1e5, plArea: 5e6 }]))
      .toBe('2 measured experiments; the latest, iteration 2: Abs300 0.4, PL intensity 100k counts/s, PL area 5.00M counts/s nm; highest PL intensity 200k counts/s at iteration 1');
    expect(summarizeBestSoFar([{ policy: 'ei', replicate: 'c', iteration: 1, best: 5 }, { policy: 'ei', replicate: 'c', iteration: 3, best: 9 }, { policy: 'ei', replicate: 'c', iteration: 4, best: 9 }], 'plIntensity', 'maximize'))
      .toBe('best plIntensity so far 9 (highest is best), first reached at iteration 3, over 4 iterations');
    expect(summarizeInputs([{ policy: 'mv', replicate: 'c', iteration: 2, input: 'temperatureC', value: 150 }, { policy: 'mv', replicate: 'c', iteration: 2, input: 'cuiFlowUlPerMin', value: 250 }]))
      .toBe('2 proposals; the latest, chosen by mv: temperature 150 °C, CuI 250 µL/min');
    expect(summarizeHeater([{ timeS: 10, series: 'temperature', temperatureC: 25 }, { timeS: 10, series: 'setpoint', temperatureC: 150 }, { timeS: 20, series: 'temperature', temperatureC: 149.9 }, { timeS: 20, series: 'setpoint', temperatureC: 150 }]))
      .toBe('reactor 149.9 °C, setpoint 150.0 °C; over the last 2 readings (rig time 10 to 20 s) between 25.0 and 149.9 °C');
    expect(summarizeSyringes([{ pump: 'cui', levelUl: 9000, capacityUl: 50000 }, { pump: 'pfo', levelUl: 90000, capacityUl: 100000 }])).toBe('lowest syringe cui: 9000 of 50000 uL (18 %); below 20 %: cui');
    for (const empty of [summarizeAbsorbance([]), summarizeFeatures([]), summarizeInputs([]), summarizeHeater([]), summarizeSyringes([])]) expect(empty).toMatch(/^no /);
  });
});

describe('phone width', () => {
  it('lays a faceted chart out in as many columns as fit', () => {
    expect(facetColumns(1300, 4, 60)).toBe(4);
    expect(facetColumns(340, 4, 60)).toBe(2);
    expect(facetColumns(150, 4, 60)).toBe(1);
  });
});
