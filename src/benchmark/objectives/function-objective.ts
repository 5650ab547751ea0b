// A benchmark objective from a deterministic function of a point keyed by parameter name.
import type { NumericSpace } from '../../domain/space.js';
import type { BenchmarkObjective, Direction, ObjectiveOptimum } from './types.js';

export interface FunctionObjectiveDefinition {
  name: string;
  description?: string;
  space: NumericSpace;
  direction: Direction;
  optimum?: ObjectiveOptimum;
  evaluate(point: Record<string, number>): number | Promise<number>;
}

export function functionObjective(definition: FunctionObjectiveDefinition): BenchmarkObjective {
  const { name, description, space, direction, optimum } = definition;
  return {
    name,
    description,
    space,
    direction,
    noisy: false,
    optimum: async () => optimum,
    open: async () => ({
      async evaluate(point) {
        const value = await definition.evaluate({ ...point });
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new Error(`objective '${name}': evaluate returned ${describe(value)} at ${JSON.stringify(point)}; expected a finite number`);
        }
        return { value };
      },
      close: async () => {},
    }),
  };
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parameters x1..xd, all on the same interval. */
export function boxParameters(dimension: number, lower: number, upper: number): NumericSpace['parameters'] {
  return Array.from({ length: dimension }, (_, i) => ({ name: `x${i + 1}`, lower, upper }));
}

/** The values of x1..xd in order. */
export function coordinates(point: Record<string, number>, dimension: number): number[] {
  return Array.from({ length: dimension }, (_, i) => point[`x${i + 1}`]);
}
