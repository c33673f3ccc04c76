import { esdhError } from '../../../engine/index.js';
import { NDJSON_TYPE } from './ndjson-writer.js';

/** Where an ESDH API lives and how to call it. */
export interface ApiTarget {
  /** e.g. http://127.0.0.1:5000 */
  readonly url: string;
  readonly apiKey?: string | null;
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
}

/** One answer of the API. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly ms: number;
}

/**
 * Call the ESDH API. A server that does not answer is ESDH_ERR_API_UNREACHABLE;
 * any HTTP status is returned as is (use `expectOk` to turn errors into EsdhErrors).
 * @example
 * const { body } = expectOk(await callApi({ url: 'http://127.0.0.1:5000' }, 'POST', '/generate/person', { records: 3 }));
 */
export async function callApi<T = unknown>(target: ApiTarget, method: string, path: string, body?: unknown, options: { ndjson?: boolean } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: options.ndjson ? NDJSON_TYPE : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (target.apiKey) headers['X-API-Key'] = target.apiKey;
  const url = target.url.replace(/\/+$/, '') + path;
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name ?? String(error);
    throw esdhError('ESDH_ERR_API_UNREACHABLE', url, cause);
  }
  let parsed: unknown = text;
  if (!options.ndjson || !response.ok) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed as T, text, ms: performance.now() - started };
}

/** The response when 2xx; otherwise ESDH_ERR_API_FAILED with the server's code and message. */
export function expectOk<T>(response: ApiResponse<T>, what: string): ApiResponse<T> {
  if (response.status >= 200 && response.status < 300) return response;
  const error = (response.body as { error?: { esdh_code?: string; code?: string; message?: string } })?.error;
  const detail = error ? `${error.esdh_code ?? error.code}: ${error.message}` : response.text.slice(0, 200);
  throw esdhError('ESDH_ERR_API_FAILED', what, response.status, detail);
}
