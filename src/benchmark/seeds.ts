// Seeds of the jobs. A replicate's seed depends on the benchmark seed and the replicate
// number only, so every policy of a replicate starts from the same initial design (and the
// same virtual lab), and no result depends on which worker ran it or in what order.

/** A non-negative 31-bit seed mixed from the benchmark seed and a replicate number (murmur3 finaliser). */
export function replicateSeed(seed: number, replicate: number): number {
  let h = (seed ^ Math.imul(replicate + 1, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x7fffffff;
}
