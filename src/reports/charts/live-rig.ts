// Live rig plots of the dashboard: reactor temperature against setpoint over time and the
// syringe levels as bars against capacity.
import type { TopLevelSpec } from 'vega-lite';
import { fitWidth, type LiveChartSize } from './live-layout.js';

export const LIVE_HEATER_DATASET = 'heater';
export const LIVE_SYRINGES_DATASET = 'syringes';

export interface HeaterPoint {
  /** Rig clock (seconds); sped up with the virtual lab's speed factor. */
  timeS: number;
  series: 'temperature' | 'setpoint';
  temperatureC: number;
}

export interface SyringeLevel {
  pump: string;
  levelUl: number;
  capacityUl: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function liveHeaterSpec(points: readonly HeaterPoint[], size: LiveChartSize = {}): TopLevelSpec {
  return {
    $schema: SCHEMA,
    ...fitWidth(size),
    height: size.heightPx ?? 120,
    datasets: { [LIVE_HEATER_DATASET]: [...points] },
    data: { name: LIVE_HEATER_DATASET },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'timeS', type: 'quantitative', title: 'rig time (s)', axis: { format: ',.0f' } },
      y: { field: 'temperatureC', type: 'quantitative', title: 'temperature (°C)', scale: { zero: false }, axis: { tickCount: 5, format: '.1~f' } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['temperature', 'setpoint'], range: ['#d62728', '#999999'] },
        legend: { orient: 'top' },
      },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['temperature', 'setpoint'], range: [[1, 0], [4, 3]] } },
    },
  };
}

/** Capacity as a pale bar with the current level over it, so a nearly empty syringe stands out. */
export function liveSyringesSpec(levels: readonly SyringeLevel[], size: LiveChartSize = {}): TopLevelSpec {
  return {
    $schema: SCHEMA,
    ...fitWidth(size),
    height: size.heightPx ?? 150,
    datasets: { [LIVE_SYRINGES_DATASET]: [...levels] },
    data: { name: LIVE_SYRINGES_DATASET },
    encoding: { y: { field: 'pump', type: 'nominal', title: null, sort: null } },
    layer: [
      { mark: { type: 'bar', color: '#e6e6e6' }, encoding: { x: { field: 'capacityUl', type: 'quantitative', title: 'syringe level (uL)' } } },
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'levelUl', type: 'quantitative' },
          color: {
            condition: { test: 'datum.levelUl < 0.2 * datum.capacityUl', value: '#d62728' },
            value: '#2ca02c',
          },
          tooltip: [
            { field: 'pump', type: 'nominal' },
            { field: 'levelUl', type: 'quantitative', format: '.0f', title: 'level (uL)' },
            { field: 'capacityUl', type: 'quantitative', format: '.0f', title: 'capacity (uL)' },
          ],
        },
      },
    ],
  };
}
