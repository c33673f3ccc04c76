/** Bytes of JSON answers a server keeps by default (about a thousand answers of 10 bundles). */
export const RESPONSE_CACHE_BYTES = 16 * 1024 * 1024;

/** The largest answer kept by default (about 600 bundles); a larger one is made each time it is asked for. */
export const RESPONSE_CACHE_ENTRY_BYTES = 1024 * 1024;

/**
 * The bytes of plain JSON generate answers, by request, bounded in bytes:
 * least recently used first out past `maxBytes`, answers larger than
 * `maxEntryBytes` never kept, nothing kept at `maxBytes` 0. An answer is a
 * function of the engine and the resolved request options alone (the same
 * request gives the same bytes: generate-response.ts), so one app's cache
 * serves its one engine; the route keys it by entity and resolved options
 * (`responseKey`) and never keeps a randomized request's answer.
 * @example
 * const cache = new ResponseCache(1024 * 1024);
 * cache.set('k', Buffer.from('{"seed":42}'));
 * cache.get('k')?.toString(); // → '{"seed":42}'
 */
export class ResponseCache {
  private readonly entries = new Map<string, Buffer>();
  private held = 0;

  constructor(
    readonly maxBytes = RESPONSE_CACHE_BYTES,
    readonly maxEntryBytes = Math.min(RESPONSE_CACHE_ENTRY_BYTES, maxBytes),
  ) {
    for (const [name, value] of [['maxBytes', maxBytes], ['maxEntryBytes', maxEntryBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`ResponseCache ${name}: a whole number >= 0 (got ${value})`);
    }
  }

  /** The kept answer, now the most recently used; undefined when there is none. */
  get(key: string): Buffer | undefined {
    const found = this.entries.get(key);
    if (found === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  /** Keep an answer (unless it is over maxEntryBytes), dropping the least recently used past maxBytes. */
  set(key: string, body: Buffer): void {
    if (body.length > this.maxEntryBytes || body.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.held -= old.length;
    }
    this.entries.set(key, body);
    this.held += body.length;
    for (const [first, dropped] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(first);
      this.held -= dropped.length;
    }
  }

  /** Answers kept now. */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes kept now (never more than maxBytes). */
  get bytes(): number {
    return this.held;
  }
}

/**
 * The cache key of a generate answer: the route's entity and every resolved
 * option that decides the data (profile, records, seed, as_of, lob, where).
 * @example
 * responseKey('bundle', { records: 10, seed: 42, asOf: '2025-11-01' }); // → 'bundle\u0000{"records":10,"seed":42,"asOf":"2025-11-01"}'
 */
export function responseKey(entity: string, options: Readonly<Record<string, unknown>>): string {
  return `${entity}\u0000${JSON.stringify(options)}`;
}
