// Names the dashboard shares with the rest of the project without importing it (the chart
// modules import nothing; the page knows the campaign log only through the API), checked here.
import { describe, expect, it } from 'vitest';
import { eventPayloadSchemas } from '../../src/campaigns/events.js';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { labelOf } from '../../src/reports/charts/common.js';
import { SNAPSHOT_EVENTS } from '../../src/web/format.js';
import { DEFAULT_OBJECTIVE, LIVE_FEATURES } from '../../src/web/live-data.js';

describe('names the dashboard shares', () => {
  it('has a chart label for every rig input (with its unit) and every plotted feature', () => {
    for (const name of [...RIG_INPUT_NAMES, ...LIVE_FEATURES, DEFAULT_OBJECTIVE.feature]) expect(labelOf(name), name).not.toBe(name);
    expect(RIG_INPUT_NAMES.map(labelOf).filter((label) => !/\(.+\)$/.test(label))).toEqual([]);
  });

  it('refetches on events the campaign log has', () => {
    expect(SNAPSHOT_EVENTS.filter((type) => !(type in eventPayloadSchemas))).toEqual([]);
  });
});
