import { describe, expect, it } from 'vitest';
import { describeEvent, describeSpectra, eventChangesSnapshot, formatProgress, formatR2, formatValue } from '../../src/web/format.js';

describe('dashboard text', () => {
  it('shows values with three significant digits and an SI suffix', () => {
    expect(formatValue(301684.29)).toBe('302k');
    expect(formatValue(17627195)).toBe('17.6M');
    expect(formatValue(2.5e9)).toBe('2.50G');
    expect(formatValue(0.46606)).toBe('0.466');
    expect(formatValue(-12345)).toBe('-12.3k');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(null)).toBe('–');
    expect(formatValue(Number.NaN)).toBe('–');
  });

  it('shows R² to three decimals or n/a', () => {
    expect(formatR2(0.91234)).toBe('0.912');
    expect(formatR2(null)).toBe('n/a');
  });

  it('shows progress with failures and without a plan', () => {
    expect(formatProgress(4, 0, 60)).toBe('4 / 60');
    expect(formatProgress(4, 1, 60)).toBe('4 (+1 failed) / 60');
    expect(formatProgress(7, 0, null)).toBe('7');
  });

  it('describes events in one line with their numbers', () => {
    const at = '2025-01-01T00:00:00.000Z';
    expect(describeEvent({ seq: 6, at, type: 'measured', payload: { proposalId: 'c1', experimentId: 1, value: 182278.4 } })).toBe('c1 measured: experiment 1, value 182k');
    expect(describeEvent({ seq: 7, at, type: 'model-fitted', payload: { observations: 60, testR2: 0.8123, trainR2: 0.95, trainSize: 48, testSize: 12 } })).toBe('twin fitted on 60 experiments, test R² 0.812 (test 12 of 60)');
    // Too few test points for an R^2: the event says so instead of a number.
    expect(describeEvent({ seq: 7, at, type: 'model-fitted', payload: { observations: 10, testR2: null, trainR2: null, trainSize: 8, testSize: 2 } })).toBe('twin fitted on 10 experiments, test R² n/a, only 2 test points');
    expect(describeEvent({ seq: 8, at, type: 'paused', payload: { reason: 'paused by operator' } })).toBe('paused: paused by operator');
    expect(describeEvent({ seq: 9, at, type: 'something-new', payload: {} })).toBe('something-new');
  });

  it('refetches the campaign on events that change it, not on others', () => {
    expect(eventChangesSnapshot('measured')).toBe(true);
    expect(eventChangesSnapshot('paused')).toBe(true);
    expect(eventChangesSnapshot('created')).toBe(false);
    expect(eventChangesSnapshot('refilled')).toBe(false);
  });

  it('names the experiment of the spectra, its iteration when it has one, and its main features', () => {
    expect(describeSpectra(14, 4, { plIntensity: 301684, abs300: 0.466 })).toBe('Experiment 14 (iteration 4): PL intensity 302k, Abs300 0.466');
    // A study's experiments have no iteration; a failed analysis has no features.
    expect(describeSpectra(21, undefined, null)).toBe('Experiment 21: PL intensity –, Abs300 –');
  });
});
