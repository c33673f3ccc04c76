import { esdhError } from '../contracts/errors.js';
import type { ShardInfo } from '../contracts/manifest.js';

/**
 * Units [start, end) of shard k of n: contiguous, sizes differing by at most one.
 * @example
 * shardRange({ index: 2, count: 3 }, 10); // → { index: 2, count: 3, unit_start: 3, unit_end: 6, run_units: 10 }
 */
export function shardRange(shard: { index: number; count: number }, runUnits: number): ShardInfo {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', 'shard', `${index}/${count}`, 'expected k/N with 1 <= k <= N (e.g. 2/4)');
  }
  const unitStart = Math.floor(((index - 1) * runUnits) / count);
  const unitEnd = Math.floor((index * runUnits) / count);
  return { index, count, unit_start: unitStart, unit_end: unitEnd, run_units: runUnits };
}
