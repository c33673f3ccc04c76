/**
 * Seeded random streams. Every record draws from its own stream derived from
 * (seed, entity, unit index, child index), so record i can be made without
 * making records 0..i-1 and one entity's draws never shift another's.
 *
 * The generator is Chris Doty-Humphrey's sfc32 from PractRand (16 bytes of
 * state; no known failures on general-purpose statistical tests, by
 * PractRand's own ratings). Streams are ours and not seedrandom's because
 * every record re-seeds one: our seeding is a few murmur3 mixes and 12 sfc32
 * rounds, ~0.1 µs, and re-seeding seedrandom's generators was measured at 6 to
 * 40 times that. (faker's Mersenne Twister, ~20 µs a seed, is why faker draws
 * from these streams instead of being re-seeded per record.)
 */

/**
 * FNV-1a, 32 bit: stable across platforms, used to turn names into stream keys.
 * @example
 * hashString('person'); // → 3549934208
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/**
 * A reusable seeded stream; `reset` re-keys it in place without allocating.
 * @example
 * const random = new RandomStream(42, hashString('person'), 0, 0);
 * random.int(16, 90); // → 64 (the same on every machine)
 * random.pick(['CA', 'NV']); // → 'NV'
 */
export class RandomStream {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  constructor(seed = 0, entityKey = 0, unitIndex = 0, childIndex = 0) {
    this.reset(seed, entityKey, unitIndex, childIndex);
  }

  /**
   * Re-key the stream. `seed` is any safe non-negative integer; `entityKey`
   * is `hashString(entityName)`.
   */
  reset(seed: number, entityKey: number, unitIndex: number, childIndex: number): this {
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
    const unitLo = unitIndex >>> 0;
    const unitHi = Math.floor(unitIndex / TWO_POW_32) >>> 0;
    this.a = fmix32(seedLo ^ 0x9e3779b9);
    this.b = fmix32((seedHi + Math.imul(entityKey, 0x27d4eb2d)) ^ 0x7f4a7c15);
    this.c = fmix32((unitLo ^ Math.imul(unitHi, 0x165667b1)) + 0x632be5ab);
    this.d = fmix32((childIndex >>> 0) ^ Math.imul(entityKey ^ seedLo, 0x85ebca77) ^ 0x5851f42d) | 1;
    // Twelve warm-up rounds of sfc32, in locals (the same steps as nextUint32).
    let a = fmix32(this.a ^ this.c), b = fmix32(this.b ^ this.d), c = this.c, d = this.d;
    for (let i = 0; i < 12; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = ((c << 21) | (c >>> 11)) + t | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = ((c << 21) | (c >>> 11)) + t | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with probability `p`. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /**
   * An index drawn by weight; `cumulative` is the running sum of the weights
   * (see `cumulativeWeights`), so the draw is a binary search, not a scan.
   */
  weightedIndex(cumulative: readonly number[]): number {
    return weightedIndexAt(cumulative, this.next());
  }

  /**
   * One of `items` drawn by `weights` (same length), for short lists read a
   * few times a unit; for a list drawn from per record, keep its running
   * sums and use `weightedIndex`.
   * @example
   * random.pickWeighted(['non_payment', 'underwriting'], [3, 1]); // 'non_payment' 3 times in 4
   */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i]!;
      if (target < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** `count` decimal digits, leading zeros kept. */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String.fromCharCode(48 + Math.floor(this.next() * 10));
    return out;
  }

  /** One character of `alphabet` per position of the result. */
  chars(alphabet: string, count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/**
 * Internal, for tests: a stream at the raw sfc32 state (a, b, c, counter),
 * without our keying or warm-up, so `nextUint32` (the sfc32 step) can be
 * checked against the reference's published outputs. Not exported by the kit
 * or by `esdh`.
 */
export function sfc32AtState(a: number, b: number, c: number, counter: number): RandomStream {
  const stream = new RandomStream();
  stream['a'] = a | 0;
  stream['b'] = b | 0;
  stream['c'] = c | 0;
  stream['d'] = counter | 0;
  return stream;
}

/**
 * The index a uniform `u` in [0, 1) falls on in running sums (what
 * `RandomStream.weightedIndex` does with its own draw): for a `u` that is not
 * a fresh draw, such as a stratified one.
 * @example
 * weightedIndexAt([12, 87, 100], 0.5); // → 1
 */
export function weightedIndexAt(cumulative: readonly number[], u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0, hi = cumulative.length - 1;
  // Sums from cumulativeWeights carry a guide: the search starts within u's bucket.
  const guide = (cumulative as Guided)[GUIDE];
  if (guide !== undefined && u >= 0 && u < 1) {
    const bucket = Math.floor(u * GUIDE_BUCKETS);
    lo = guide[bucket]!;
    hi = guide[bucket + 1]!;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/*
 * The guide of long running sums: bucket b of GUIDE_BUCKETS holds the index a
 * u of b / GUIDE_BUCKETS falls on, so a draw searches only between its
 * bucket's bounds (a handful of probes instead of one per halving of a table
 * of thousands of names, ZIP codes or models). The same index as a search of
 * the whole table: u * total is at least (b / GUIDE_BUCKETS) * total and at
 * most ((b + 1) / GUIDE_BUCKETS) * total (multiplying by the same total keeps
 * the order, and b / GUIDE_BUCKETS is exact), and the index is monotone in
 * its target.
 */
const GUIDE = Symbol('esdh.weightGuide');
const GUIDE_BUCKETS = 256;
/** Shorter sums are searched whole: a few probes already. */
const GUIDE_MIN_LENGTH = 64;

type Guided = readonly number[] & { readonly [GUIDE]?: Int32Array };

function attachGuide(cumulative: number[]): void {
  const last = cumulative.length - 1;
  // The bounds hold only for sums that never fall (no negative weight).
  for (let i = 1; i <= last; i++) if (!(cumulative[i]! >= cumulative[i - 1]!)) return;
  const total = cumulative[last]!;
  const guide = new Int32Array(GUIDE_BUCKETS + 1);
  let at = 0;
  for (let bucket = 0; bucket < GUIDE_BUCKETS; bucket++) {
    const target = (bucket / GUIDE_BUCKETS) * total;
    while (at < last && !(cumulative[at]! > target)) at++;
    guide[bucket] = at;
  }
  guide[GUIDE_BUCKETS] = last;
  // Not enumerable: the sums still compare, print and serialize as a plain array.
  Object.defineProperty(cumulative, GUIDE, { value: guide });
}

/**
 * Running sums of `weights`, for `RandomStream.weightedIndex`.
 * @example
 * cumulativeWeights([12, 75, 13]); // → [12, 87, 100]
 */
export function cumulativeWeights(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) out.push((sum += w));
  if (out.length >= GUIDE_MIN_LENGTH && Number.isFinite(sum) && sum > 0 && out[0]! >= 0) attachGuide(out);
  return out;
}
