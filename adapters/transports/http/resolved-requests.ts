import type { Engine } from '../../../engine/index.js';
import { resolveGenerateRequest, type ResolvedGenerateRequest } from './generate-request.js';

/** Generate bodies whose resolution a server keeps by default. */
export const RESOLVED_REQUESTS_LIMIT = 256;

/** The longest body text kept (a generate body is a few dozen characters; a long `where` is still made each time). */
export const RESOLVED_BODY_CHARS = 4096;

/**
 * `resolveGenerateRequest` by the body's exact text, for one engine: the
 * JSON Schema check and the options' resolution run once per distinct text
 * (least recently used first out past `limit`). The resolution is a function
 * of the engine and the body alone, and the text decides the body; a body
 * that is refused (every refusal throws) or asks for a random seed, and a
 * text over RESOLVED_BODY_CHARS, are never kept.
 * @example
 * const requests = new ResolvedRequests(engine);
 * requests.resolve('{"records":10}', { records: 10 }).options.records; // → 10
 */
export class ResolvedRequests {
  private readonly entries = new Map<string, ResolvedGenerateRequest>();

  constructor(
    private readonly engine: Engine,
    readonly limit = RESOLVED_REQUESTS_LIMIT,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`ResolvedRequests limit: a whole number >= 0 (got ${limit})`);
  }

  /**
   * The resolution of `body`, parsed from `text` (undefined when no text
   * decides it: the body is then resolved and not kept). A request without
   * a body is the text ''.
   */
  resolve(text: string | undefined, body: unknown): ResolvedGenerateRequest {
    const keyable = text !== undefined && text.length <= RESOLVED_BODY_CHARS && this.limit > 0;
    const found = keyable ? this.entries.get(text) : undefined;
    if (found !== undefined) {
      this.entries.delete(text!);
      this.entries.set(text!, found);
      return found;
    }
    const entry = resolveGenerateRequest(this.engine, body);
    if (!keyable || entry.plan.seedSource === 'random') return entry;
    this.entries.set(text, entry);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** Bodies kept now. */
  get size(): number {
    return this.entries.size;
  }
}
