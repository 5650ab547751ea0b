// Types for the untyped `sobol` package (tornord/sobol): Joe-Kuo direction numbers, no scrambling.
declare module 'sobol' {
  export class SobolSequenceGenerator {
    constructor(dimension: number);
    /** The next point of the sequence; the first call returns the origin. */
    nextVector(): number[];
  }
}
