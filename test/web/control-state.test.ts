import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../src/web/api-schemas.js';
import { availableControls, controlOutcome } from '../../src/web/panels/control-state.js';

type State = Pick<CampaignSummary, 'status' | 'kind' | 'active' | 'controlRequested'>;
const campaign = (fields: Partial<State>): State => ({ status: 'running', kind: 'optimisation', active: true, controlRequested: null, ...fields });
const enabled = (state: State) => Object.entries(availableControls(state)).filter(([, on]) => on).map(([action]) => action);

describe('campaign controls', () => {
  it('offers pause and abort while this server runs the campaign', () => {
    expect(enabled(campaign({}))).toEqual(['pause', 'abort']);
  });

  it('does not offer pause twice, nor for a study (it would start over)', () => {
    expect(enabled(campaign({ controlRequested: 'pause' }))).toEqual(['abort']);
    expect(enabled(campaign({ kind: 'study' }))).toEqual(['abort']);
  });

  it('offers resume for a paused or interrupted campaign no server runs', () => {
    expect(enabled(campaign({ status: 'paused', active: false }))).toEqual(['resume', 'abort']);
    // Interrupted: the log says running, but no server runs it.
    expect(enabled(campaign({ status: 'running', active: false }))).toEqual(['resume', 'abort']);
    expect(enabled(campaign({ status: 'running', active: undefined }))).toEqual(['resume', 'abort']);
  });

  it('offers nothing once the campaign ended', () => {
    expect(enabled(campaign({ status: 'completed', active: false }))).toEqual([]);
    expect(enabled(campaign({ status: 'aborted', active: false }))).toEqual([]);
  });

  it('says a pause waits for the current experiment, and otherwise the status the reply names', () => {
    expect(controlOutcome('pause', { id: 'c', requested: 'pause', status: 'running' })).toBe('pause requested: takes effect after the current experiment');
    expect(controlOutcome('pause', { id: 'c', requested: 'pause', status: 'paused' })).toBe('pause done (status paused)');
    const summary = { id: 'c', name: 'c', kind: 'optimisation', status: 'running' as const, planned: 10, measured: 3, failed: 0, best: null, twin: null };
    expect(controlOutcome('resume', { id: 'c', summary })).toBe('resume done (status running)');
    expect(controlOutcome('abort', { id: 'c' })).toBe('abort done (status unknown)');
  });
});
