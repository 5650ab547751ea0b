import { describe, expect, it } from 'vitest';
import { isFeasibleUnit, parameterSpaceSchema, toPhysical, toUnit, unitConstraints, violations } from '../../src/domain/space.js';

const space = parameterSpaceSchema.parse({
  parameters: [
    { name: 'a', lower: 10, upper: 20 },
    { name: 'b', lower: -1, upper: 1 },
  ],
  constraints: [{ name: 'a + 5b <= 18', coefficients: { a: 1, b: 5 }, bound: 18 }],
});

describe('parameter space', () => {
  it('maps unit and physical points both ways', () => {
    expect(toPhysical(space, [0.5, 0.25])).toEqual([15, -0.5]);
    expect(toUnit(space, [15, -0.5])).toEqual([0.5, 0.25]);
  });

  it('names the violated constraint and by how much', () => {
    const found = violations(space, [18, 1]);
    expect(found).toEqual([{ constraint: 'a + 5b <= 18', excess: 5, description: undefined }]);
    expect(violations(space, [25, 0])[0]).toMatchObject({ constraint: 'a <= 20', excess: 5 });
    expect(violations(space, [15, 0])).toEqual([]);
  });

  it('carries linear constraints into the unit cube exactly', () => {
    const constraints = unitConstraints(space);
    for (const unit of [[0.1, 0.9], [0.8, 0.5], [0.5, 0.6], [0.3, 0.61], [1, 0]]) {
      const physical = toPhysical(space, unit);
      expect(isFeasibleUnit(constraints, unit)).toBe(violations(space, physical).length === 0);
    }
  });

  it('rejects unknown names, duplicates and empty ranges', () => {
    expect(() => parameterSpaceSchema.parse({ parameters: [{ name: 'a', lower: 1, upper: 1 }] })).toThrow(/upper must be greater/);
    expect(() => parameterSpaceSchema.parse({ parameters: [{ name: 'a', lower: 0, upper: 1 }, { name: 'a', lower: 0, upper: 1 }] })).toThrow(/duplicate/);
    expect(() => parameterSpaceSchema.parse({ parameters: [{ name: 'a', lower: 0, upper: 1 }], constraints: [{ name: 'c', coefficients: { z: 1 }, bound: 0 }] })).toThrow(/unknown parameter 'z'/);
  });
});
