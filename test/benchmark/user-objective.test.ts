import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadObjectiveModule, ObjectiveModuleError, objectiveFromExport, parseObjectiveRef, runBenchmark } from '../../src/benchmark/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-bench-objective-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeModule(name: string, source: string): string {
  const path = join(directory, name);
  writeFileSync(path, source);
  return path;
}

const bowl = writeModule('bowl.ts', `
interface Point { a: number; b: number }
const objective = {
  name: 'bowl',
  parameters: [{ name: 'a', lower: -1, upper: 1 }, { name: 'b', lower: 0, upper: 2 }],
  direction: 'minimize' as const,
  optimum: { value: 0, point: { a: 0.25, b: 1 } },
  constraints: [{ name: 'a + b <= 2.5', coefficients: { a: 1, b: 1 }, bound: 2.5 }],
  context: { centre: 0.25 },
  // An async method that reads the export's own context through this.
  async evaluate(this: { context: { centre: number } }, point: Point): Promise<number> {
    return (point.a - this.context.centre) ** 2 + (point.b - 1) ** 2;
  },
};
export default objective;
`);

const settings = { policies: ['random' as const], init: 3, budget: 5, replicates: 2, seed: 3 };

describe('user objective modules', () => {
  it('loads a TypeScript module and evaluates points by parameter name', async () => {
    const objective = await loadObjectiveModule(bowl);
    expect(objective.name).toBe('bowl');
    expect(objective.space.parameters.map((p) => p.name)).toEqual(['a', 'b']);
    expect(objective.space.constraints).toHaveLength(1);
    const session = await objective.open({ replicateSeed: 1 });
    expect((await session.evaluate({ a: 1.25, b: 2 })).value).toBe(2);
    expect(await objective.optimum()).toEqual({ value: 0, point: { a: 0.25, b: 1 } });
  });

  it('runs in worker threads exactly as on the main thread', async () => {
    const ref = parseObjectiveRef(bowl);
    expect(ref.kind).toBe('module');
    const [inline, pooled] = await Promise.all([0, 1].map((workers) => runBenchmark({ objective: ref, settings, workers })));
    expect(pooled.results.map((r) => r.values)).toEqual(inline.results.map((r) => r.values));
    for (const r of pooled.results) {
      for (const [k, p] of r.points.entries()) {
        expect(r.values[k]).toBeCloseTo((p.a - 0.25) ** 2 + (p.b - 1) ** 2, 12);
        expect(p.a + p.b).toBeLessThanOrEqual(2.5 + 1e-9);
      }
      expect(r.regret?.at(-1)).toBe(r.bestSoFar.at(-1));
    }
  });

  it('loads a plain JavaScript module whose evaluate returns a number', async () => {
    const path = writeModule('line.mjs', `export default { name: 'line', parameters: [{ name: 'x', lower: 0, upper: 4 }], direction: 'maximize', evaluate: (p) => 2 * p.x };`);
    const report = await runBenchmark({ objective: parseObjectiveRef(path), settings, workers: 0 });
    expect(report.objective.optimum).toBeNull();
    expect(report.results[0].regret).toBeNull();
    for (const r of report.results) r.points.forEach((p, k) => expect(r.values[k]).toBe(2 * p.x));
  });

  it('names every problem of a malformed export in one line', async () => {
    const path = writeModule('broken.ts', `export default { name: 'broken', parameters: [{ name: 'x', lower: 1, upper: 0 }], direction: 'maximise' };`);
    const error = await loadObjectiveModule(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectiveModuleError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toMatch(/parameters\.0\.upper: upper must be greater than lower/);
    expect(message).toMatch(/direction: /);
    expect(message).toMatch(/evaluate: must be a function/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('explains a missing default export, a missing file, duplicate names and constraints on unknown parameters', async () => {
    const named = writeModule('named.ts', `export const objective = { name: 'n' };`);
    await expect(loadObjectiveModule(named)).rejects.toThrow(/no default export/);
    await expect(loadObjectiveModule(join(directory, 'absent.ts'))).rejects.toThrow(/absent\.ts: file not found/);
    const base = { name: 'x', direction: 'maximize', evaluate: () => 1 };
    expect(() => objectiveFromExport({ ...base, parameters: [{ name: 'a', lower: 0, upper: 1 }, { name: 'a', lower: 0, upper: 1 }] }, 'm.ts'))
      .toThrow(/duplicate parameter name 'a'/);
    expect(() => objectiveFromExport({ ...base, parameters: [{ name: 'a', lower: 0, upper: 1 }], constraints: [{ name: 'c', coefficients: { z: 1 }, bound: 1 }] }, 'm.ts'))
      .toThrow(/constraint 'c' names unknown parameter 'z'/);
    expect(() => objectiveFromExport({ ...base, parameters: [{ name: 'a', lower: 0, upper: 1 }], optimum: { value: 1, point: { q: 0 } } }, 'm.ts'))
      .toThrow(/optimum\.point: unknown parameter\(s\) q/);
    expect(() => objectiveFromExport({ ...base, parameters: [{ name: 'a', lower: 0, upper: 1 }], optimun: 1 }, 'm.ts'))
      .toThrow(/Unrecognized key: "optimun"/);
  });

  it('stops with the run, evaluation and value when evaluate returns something other than a finite number', async () => {
    const path = writeModule('nan.ts', `export default { name: 'nan', parameters: [{ name: 'x', lower: 0, upper: 1 }], direction: 'maximize', evaluate: (p: { x: number }) => (p.x > -1 ? Number.NaN : 0) };`);
    await expect(runBenchmark({ objective: parseObjectiveRef(path), settings, workers: 0 })).rejects.toThrow(/random, replicate 1, evaluation 1: objective 'nan': evaluate returned NaN/);
  });
});
