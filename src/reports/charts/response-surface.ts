// Paper Fig. 7B: the twin's predicted PL over the two most important inputs (physical units or
// droplet concentrations) with the others held fixed; grid cells that break a rig constraint are
// greyed out (their prediction, if any, is not shown).
import { labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface SurfaceCell {
  /** Physical value of the x and y inputs at the cell centre. */
  x: number;
  y: number;
  mean: number;
  std: number;
  feasible: boolean;
}

export interface ResponseSurfaceChartData {
  xName: string;
  yName: string;
  cells: readonly SurfaceCell[];
  /** The point the other inputs are held at (physical x, y), marked with a cross. */
  anchor?: { x: number; y: number; label: string };
  objective?: string;
  /** Under the title (one string per line); default: what grey means. */
  subtitle?: string | string[];
}

export function responseSurfaceChart(data: ResponseSurfaceChartData): ChartSpec {
  const xEdges = edgesOf(data.cells.map((c) => c.x));
  const yEdges = edgesOf(data.cells.map((c) => c.y));
  // Infeasible cells are drawn grey without a prediction; feasible ones need a finite one.
  const rows = data.cells
    .filter((c) => !c.feasible || (Number.isFinite(c.mean) && Number.isFinite(c.std)))
    .map((c) => {
      const base = { x: c.x, y: c.y, feasible: c.feasible, ...xEdges.get(c.x)!, ...renameEdges(yEdges.get(c.y)!) };
      return c.feasible ? { ...base, mean: c.mean, std: c.std, status: 'feasible' } : { ...base, status: 'infeasible: breaks a rig constraint' };
    });
  const objective = labelOf(data.objective ?? 'plIntensity');
  const layers: NonNullable<Extract<ChartSpec, { layer: unknown }>['layer']> = [
    {
      transform: [{ filter: 'datum.feasible' }],
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: labelOf(data.xName), scale: { nice: false, zero: false } },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', title: labelOf(data.yName), scale: { nice: false, zero: false } },
        y2: { field: 'y1' },
        color: { field: 'mean', type: 'quantitative', title: ['predicted', objective], scale: { scheme: 'viridis' }, legend: { format: '~s', titleLimit: 260 } },
        tooltip: tooltip(data),
      },
    },
    {
      transform: [{ filter: '!datum.feasible' }],
      mark: { type: 'rect', color: '#d9d9d9' },
      encoding: {
        x: { field: 'x0', type: 'quantitative' },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative' },
        y2: { field: 'y1' },
        tooltip: tooltip(data).filter((t) => t.field !== 'mean' && t.field !== 'std'),
      },
    },
  ];
  if (data.anchor) {
    layers.push({
      data: { values: [data.anchor] },
      mark: { type: 'point', shape: 'cross', filled: true, size: 160, color: '#ff3b30', stroke: 'white', strokeWidth: 1 },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        tooltip: [{ field: 'label', type: 'nominal', title: 'held at' }],
      },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Twin prediction over the two most important inputs', subtitle: data.subtitle ?? 'grey: grid points that break a rig constraint' },
    width: 320,
    height: 280,
    data: { values: rows },
    layer: layers,
  };
}

function tooltip(data: ResponseSurfaceChartData) {
  return [
    { field: 'x', type: 'quantitative' as const, format: '.4~g', title: labelOf(data.xName) },
    { field: 'y', type: 'quantitative' as const, format: '.4~g', title: labelOf(data.yName) },
    { field: 'mean', type: 'quantitative' as const, format: '.4~s', title: 'predicted mean' },
    { field: 'std', type: 'quantitative' as const, format: '.3~s', title: 'predicted std' },
    { field: 'status', type: 'nominal' as const },
  ];
}

/** Cell edges halfway between neighbouring grid levels (half a step beyond the outer ones). */
function edgesOf(values: readonly number[]): Map<number, { x0: number; x1: number }> {
  const levels = [...new Set(values)].sort((a, b) => a - b);
  const edges = new Map<number, { x0: number; x1: number }>();
  levels.forEach((level, k) => {
    const before = k > 0 ? (level + levels[k - 1]) / 2 : level - (levels.length > 1 ? (levels[1] - level) / 2 : 0.5);
    const after = k < levels.length - 1 ? (level + levels[k + 1]) / 2 : level + (levels.length > 1 ? (level - levels[k - 1]) / 2 : 0.5);
    edges.set(level, { x0: before, x1: after });
  });
  return edges;
}

function renameEdges(edges: { x0: number; x1: number }): { y0: number; y1: number } {
  return { y0: edges.x0, y1: edges.x1 };
}
