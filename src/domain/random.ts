// Seeded random numbers for the pure core. Everything random in models, planning,
// analysis and the virtual lab takes a Random; nothing calls Math.random.
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** An independent stream derived from this one (advances this generator once). */
  fork(): Random;
  /** The generator state, for saving a planner or a campaign and resuming it exactly. */
  state(): number[];
}

class XoroshiroRandom implements Random {
  private spareNormal: number | undefined;
  constructor(private readonly generator: JumpableRandomGenerator) {}

  uniform(): number {
    return uniformFloat64(this.generator);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  fork(): Random {
    // Seed the child from 32 bits of this stream: children differ, parents stay reproducible.
    const seed = this.generator.next();
    return new XoroshiroRandom(xoroshiro128plus(seed ^ 0x5bd1e995));
  }

  state(): number[] {
    // A pending spare normal would be lost on restore; drop it so state() fully describes the stream.
    this.spareNormal = undefined;
    return [...this.generator.getState()];
  }
}

export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return new XoroshiroRandom(xoroshiro128plus(seed | 0));
}

export function randomFromState(state: readonly number[]): Random {
  return new XoroshiroRandom(xoroshiro128plusFromState(state));
}

/**
 * A seed for one part of a job (a study point, a replicate), derived from the job's seed and
 * the part's index by an integer hash (splitmix32 finaliser): distinct parts get unrelated
 * streams, and the same seed and index always give the same seed. Stays within int32.
 */
export function deriveSeed(seed: number, index: number): number {
  if (!Number.isInteger(seed) || !Number.isInteger(index)) throw new Error(`seed and index must be integers, got ${seed} and ${index}`);
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((index | 0) + 0x7f4a7c15, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) | 0;
}

/** Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
