/**
 * A Map that keeps at most `limit` entries: reading or setting an entry makes
 * it the most recently used, and past `limit` the least recently used goes
 * first (a Map keeps insertion order). The one bounded cache of the engine's
 * setups, its prepared runs and the server's resolved requests and views.
 * @example
 * const kept = new LruMap<string, number>(2, 'kept');
 * kept.set('a', 1); kept.set('b', 2); kept.get('a'); kept.set('c', 3);
 * kept.has('b'); // → false: the least recently used went first
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** `what` names the cache in the error for a bad limit. */
  constructor(readonly limit: number, what = 'LruMap') {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`${what} limit: a whole number >= 0 (got ${limit})`);
  }

  /** The entry, now the most recently used. */
  get(key: K): V | undefined {
    const found = this.entries.get(key);
    if (found === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Keep `value` (nothing with limit 0), dropping the least recently used past the limit; returns `value`. */
  set(key: K, value: V): V {
    if (this.limit === 0) return value;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** The values, least recently used first (reading them changes no order). */
  values(): IterableIterator<V> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }
}
