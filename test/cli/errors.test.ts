import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';

describe('command-line errors', () => {
  it.each([
    [['experiment', '--x', '0.5,0.5'], /--x.*expected 7 comma-separated values/],
    [['experiment', '--x', '0.5,0.5,0.5,0.5,0.5,0.5,1.5'], /--x \(item 7\): above 1/],
    [['experiment', '--x', '0.5,0.5,abc,0.5,0.5,0.5,0.5'], /--x \(item 3\): not a/],
    [['experiment', '--seed', '1.5'], /--seed: expected an integer/],
    [['experiment', '--bogus'], /unknown option '--bogus'/],
    [['study', 'sideways'], /study name: expected one of stability, perturbation/],
    [['nonsense'], /unknown command 'nonsense'/],
  ])('%j fails with exit code 2 and one line naming the problem', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });

  it('refuses an infeasible condition before any pump moves, naming the constraint', async () => {
    // CuI stream at its minimum with the Cs stream at its maximum: the derived ODE flow would be negative.
    const { code, err } = await run(['experiment', '--x', '0.5,0,1,1,0,0,0', '--db', ':memory:']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: invalid value for --x: infeasible condition: derived Cs-stream ODE flow -\S+ uL\/min is below 0 uL\/min \(by \S+ uL\/min\)/);
  });

  it('reads --x as plain decimals: hexadecimal and the like are refused with exit 2', async () => {
    for (const value of ['0x1', '0b1', 'Infinity', '1_0']) {
      const { code, err } = await run(['experiment', '--x', `${value},0.5,0.5,0.5,0.5,0.5,0.5`, '--db', ':memory:']);
      expect(code).toBe(2);
      expect(err).toMatch(/invalid value for --x \(item 1\): not a decimal number/);
    }
  });

  it('prints help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('experiment');
    expect(out).toContain('study');
  });
});
