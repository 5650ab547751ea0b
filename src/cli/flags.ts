// Schemas for the CLI's flag values.
import { z } from 'zod';
import { RIG_INPUT_NAMES } from '../domain/rig-space.js';

/** A plain decimal number such as 0.5, -2, 1e-3 (Number() would also take 0x1, 0b1, Infinity). */
const finiteNumber = z.string().trim().min(1, 'empty number')
  .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'not a decimal number')
  .transform(Number).pipe(z.number().finite('not a finite number'));

/** `a,b,c,d,e,f,g`: the seven dimensionless inputs, each in [0, 1]. */
export const unitConditionFlag = z.string()
  .transform((text) => text.split(','))
  .pipe(z.array(finiteNumber.pipe(z.number().min(0, 'below 0').max(1, 'above 1')))
    .length(RIG_INPUT_NAMES.length, `expected ${RIG_INPUT_NAMES.length} comma-separated values in [0, 1] (${RIG_INPUT_NAMES.join(', ')})`));

export const seedFlag = z.string().regex(/^-?\d+$/, 'expected an integer').transform(Number).pipe(z.number().int().safe());
export const positiveIntegerFlag = z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().positive());
export const numberFlag = finiteNumber;
