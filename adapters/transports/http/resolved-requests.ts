import { LruMap, type Engine } from '../../../engine/index.js';
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
  private readonly entries: LruMap<string, ResolvedGenerateRequest>;

  constructor(
    private readonly engine: Engine,
    readonly limit = RESOLVED_REQUESTS_LIMIT,
  ) {
    this.entries = new LruMap(limit, 'ResolvedRequests');
  }

  /**
   * The resolution of `body`, parsed from `text` (undefined when no text
   * decides it: the body is then resolved and not kept). A request without
   * a body is the text ''.
   */
  resolve(text: string | undefined, body: unknown): ResolvedGenerateRequest {
    const keyable = text !== undefined && text.length <= RESOLVED_BODY_CHARS;
    const found = keyable ? this.entries.get(text) : undefined;
    if (found !== undefined) return found;
    const entry = resolveGenerateRequest(this.engine, body);
    return !keyable || entry.plan.seedSource === 'random' ? entry : this.entries.set(text, entry);
  }

  /** Bodies kept now. */
  get size(): number {
    return this.entries.size;
  }
}
