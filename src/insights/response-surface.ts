// The twin's prediction over a grid of two inputs with the others held fixed (paper
// Fig. 7B). Grid points that break a constraint of the space are kept and flagged, so a
// plot can grey them out instead of leaving holes.
import { toPhysical, violations, type ParameterSpace } from '../domain/space.js';
import type { Surrogate } from '../models/surrogate.js';
import { inputNames, shapleyAnalysis } from './shapley.js';
import type { Direction } from './direction.js';

export interface ObservedData {
  points: readonly ArrayLike<number>[];
  targets: ArrayLike<number>;
  /** Which end of the objective is best (default 'maximize'). */
  direction?: Direction;
}

export interface ResponseSurfaceOptions {
  /** The two inputs to vary, by index or name. */
  inputs?: readonly [number | string, number | string];
  /** Inputs from most to least important (e.g. ShapleyAnalysis.ranking); the top two are used when `inputs` is absent. */
  ranking?: readonly { index: number }[];
  /** Unit-cube point supplying the other inputs. Default: the best observed point, else the centre. */
  anchor?: ArrayLike<number>;
  /** Experiments: give the default anchor (best one) and, with neither inputs nor ranking, the Shapley ranking. */
  observations?: ObservedData;
  /** Grid levels per axis, or [x levels, y levels] (default 25; at least 2). */
  gridSize?: number | readonly [number, number];
  /** Unit-cube ranges of the two axes (default [0, 1] each). */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Names, physical coordinates and constraint flags. */
  space?: ParameterSpace;
  names?: readonly string[];
}

export interface SurfaceRow {
  xName: string;
  yName: string;
  /** Unit-cube coordinates of the two varied inputs. */
  x: number;
  y: number;
  xPhysical?: number;
  yPhysical?: number;
  mean: number;
  std: number;
  /** False when the grid point (with the anchor's other inputs) breaks a bound or constraint. */
  feasible: boolean;
  /** Names of the violated constraints (empty when feasible). */
  violated: string[];
}

export interface ResponseSurface {
  xIndex: number;
  yIndex: number;
  xName: string;
  yName: string;
  inputSource: 'given' | 'ranking' | 'shapley';
  /** The full unit-cube point the other inputs are held at. */
  anchor: number[];
  anchorPhysical?: number[];
  anchorSource: 'given' | 'best-observed' | 'centre';
  xLevels: number;
  yLevels: number;
  /** xLevels * yLevels rows, x varying fastest: row j * xLevels + i is (x_i, y_j). */
  rows: SurfaceRow[];
}

export function responseSurface(surrogate: Surrogate, options: ResponseSurfaceOptions = {}): ResponseSurface {
  const d = surrogate.inputDimension;
  if (d < 2) throw new Error('a response surface needs at least 2 inputs');
  const names = inputNames(d, options.names, options.space);
  const { xIndex, yIndex, inputSource } = chooseInputs(surrogate, names, options);
  const { anchor, anchorSource } = chooseAnchor(d, options);
  const [xLevels, yLevels] = gridLevels(options.gridSize);
  const xs = levels(xLevels, options.xRange ?? [0, 1], 'xRange');
  const ys = levels(yLevels, options.yRange ?? [0, 1], 'yRange');

  const points: Float64Array[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const point = Float64Array.from(anchor);
      point[xIndex] = x;
      point[yIndex] = y;
      points.push(point);
    }
  }
  const prediction = surrogate.predict(points);
  const space = options.space;
  const rows = points.map((point, r): SurfaceRow => {
    const row: SurfaceRow = {
      xName: names[xIndex],
      yName: names[yIndex],
      x: point[xIndex],
      y: point[yIndex],
      mean: prediction.mean[r],
      std: prediction.std[r],
      feasible: true,
      violated: [],
    };
    if (space) {
      const physical = toPhysical(space, point);
      row.xPhysical = physical[xIndex];
      row.yPhysical = physical[yIndex];
      row.violated = violations(space, physical).map((v) => v.constraint);
      row.feasible = row.violated.length === 0;
    }
    return row;
  });
  return {
    xIndex,
    yIndex,
    xName: names[xIndex],
    yName: names[yIndex],
    inputSource,
    anchor,
    anchorPhysical: space ? toPhysical(space, anchor) : undefined,
    anchorSource,
    xLevels,
    yLevels,
    rows,
  };
}

function chooseInputs(surrogate: Surrogate, names: string[], options: ResponseSurfaceOptions): { xIndex: number; yIndex: number; inputSource: ResponseSurface['inputSource'] } {
  let chosen: [number, number];
  let inputSource: ResponseSurface['inputSource'];
  if (options.inputs) {
    chosen = [resolveInput(options.inputs[0], names), resolveInput(options.inputs[1], names)];
    inputSource = 'given';
  } else if (options.ranking) {
    if (options.ranking.length < 2) throw new Error('the ranking must list at least two inputs');
    chosen = [options.ranking[0].index, options.ranking[1].index];
    inputSource = 'ranking';
  } else if (options.observations) {
    const analysis = shapleyAnalysis(surrogate, options.observations.points, { background: options.observations.points, method: 'exact' });
    chosen = [analysis.ranking[0].index, analysis.ranking[1].index];
    inputSource = 'shapley';
  } else {
    throw new Error('choose the two inputs of the response surface: pass inputs, a Shapley ranking, or observations to rank them');
  }
  const [xIndex, yIndex] = chosen.map((index) => resolveInput(index, names));
  if (xIndex === yIndex) throw new Error(`the two inputs of a response surface must differ (both are '${names[xIndex]}')`);
  return { xIndex, yIndex, inputSource };
}

function resolveInput(input: number | string, names: readonly string[]): number {
  if (typeof input === 'string') {
    const index = names.indexOf(input);
    if (index < 0) throw new Error(`no input named '${input}' (inputs: ${names.join(', ')})`);
    return index;
  }
  if (!Number.isInteger(input) || input < 0 || input >= names.length) throw new Error(`no input with index ${input}`);
  return input;
}

function chooseAnchor(d: number, options: ResponseSurfaceOptions): { anchor: number[]; anchorSource: ResponseSurface['anchorSource'] } {
  if (options.anchor) {
    if (options.anchor.length !== d) throw new Error(`anchor has ${options.anchor.length} inputs, expected ${d}`);
    return { anchor: Array.from(options.anchor), anchorSource: 'given' };
  }
  const observed = options.observations;
  if (observed && observed.points.length > 0) {
    if (observed.points.length !== observed.targets.length) throw new Error(`${observed.points.length} observed points but ${observed.targets.length} targets`);
    const sign = (observed.direction ?? 'maximize') === 'maximize' ? 1 : -1;
    let best = -1;
    for (let i = 0; i < observed.targets.length; i++) {
      const value = observed.targets[i];
      if (Number.isFinite(value) && (best < 0 || sign * value > sign * observed.targets[best])) best = i;
    }
    if (best >= 0) {
      if (observed.points[best].length !== d) throw new Error(`observed points have ${observed.points[best].length} inputs, expected ${d}`);
      return { anchor: Array.from(observed.points[best]), anchorSource: 'best-observed' };
    }
  }
  return { anchor: new Array<number>(d).fill(0.5), anchorSource: 'centre' };
}

function gridLevels(gridSize: ResponseSurfaceOptions['gridSize']): [number, number] {
  const [x, y] = typeof gridSize === 'number' || gridSize === undefined ? [gridSize ?? 25, gridSize ?? 25] : gridSize;
  for (const n of [x, y]) if (!Number.isInteger(n) || n < 2) throw new Error(`grid levels must be integers >= 2, got ${n}`);
  return [x, y];
}

function levels(count: number, range: readonly [number, number], what: string): number[] {
  const [low, high] = range;
  if (!(low >= 0 && high <= 1 && low < high)) throw new Error(`${what} must satisfy 0 <= low < high <= 1, got [${low}, ${high}]`);
  return Array.from({ length: count }, (_, k) => (k === count - 1 ? high : low + ((high - low) * k) / (count - 1)));
}
