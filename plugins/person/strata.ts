/**
 * Stratified uniforms over unit indices. Every block of `STRATA` consecutive
 * units of a run gets the strata 0..STRATA-1 once each, in an order a seeded
 * permutation decides (a four-round Feistel network on 12 bits, keyed by the
 * seed and the block), and a unit's value is its stratum plus its own
 * jitter, divided by STRATA. A weighted draw from such values follows its
 * weights with far less noise than independent draws: in a sample of 100,000
 * drivers the rare single ages of the tail (80-90) come out within a few
 * percent of their weights instead of ±10%. Each value depends only on
 * (seed, unit index, jitter), so a unit is the same in any run size, shard or
 * worker count.
 * @example
 * stratifiedUniform(42, 0, 0.5); // → (stratum of unit 0 in block 0 + 0.5) / 4096
 */

/** Units per block: each block covers every stratum once. */
export const STRATA = 4096;
const HALF_BITS = 6;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 4;

/** A uniform in [0, 1) for unit `unitIndex` of the run seeded `seed`; `jitter` in [0, 1) places it inside its stratum. */
export function stratifiedUniform(seed: number, unitIndex: number, jitter: number): number {
  const block = Math.floor(unitIndex / STRATA);
  return (permute(unitIndex % STRATA, seed, block) + jitter) / STRATA;
}

/** The stratum of position `i` (0..STRATA-1) of `block`: a bijection of 0..STRATA-1 for each (seed, block). */
export function permute(i: number, seed: number, block: number): number {
  const seedKey = mix((seed >>> 0) ^ mix(Math.floor(seed / 2 ** 32)));
  const blockKey = mix(seedKey ^ mix((block >>> 0) ^ mix(Math.floor(block / 2 ** 32) + 0x9e3779b9)));
  let left = i >>> HALF_BITS;
  let right = i & HALF_MASK;
  for (let round = 0; round < ROUNDS; round++) {
    const next = left ^ (mix(right ^ mix(blockKey + round)) & HALF_MASK);
    left = right;
    right = next;
  }
  return (left << HALF_BITS) | right;
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
