// What the benchmark harness needs from an objective: a search space, a direction, an
// optional known optimum, and a way to evaluate points for one job.
import type { NumericSpace } from '../../domain/space.js';

export type Direction = 'maximize' | 'minimize';

export interface ObjectiveOptimum {
  value: number;
  /** Where the optimum lies, in physical units, when known. */
  point?: Record<string, number>;
}

/** One evaluation: the measured value (null for a failed run) and, for noisy objectives, the noise-free value. */
export interface Evaluation {
  value: number | null;
  trueValue?: number;
}

/** The evaluator of one (policy, replicate) job; a virtual lab keeps its own rig and clock here. */
export interface ObjectiveSession {
  evaluate(point: Record<string, number>): Promise<Evaluation>;
  close(): Promise<void>;
}

export interface SessionContext {
  /** Seed of the replicate: the same for every policy of a replicate. */
  replicateSeed: number;
}

export interface BenchmarkObjective {
  readonly name: string;
  readonly description?: string;
  readonly space: NumericSpace;
  readonly direction: Direction;
  /** The best attainable value, for regret; undefined when unknown. May be costly (the virtual lab searches for it). */
  optimum(): Promise<ObjectiveOptimum | undefined>;
  /** True when evaluations are noisy and carry a noise-free `trueValue` used for regret. */
  readonly noisy: boolean;
  open(context: SessionContext): Promise<ObjectiveSession>;
}
