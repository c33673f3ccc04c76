import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import { esdhError, type EsdhError } from '../../../engine/index.js';
import { errorBody, publicError, describe } from './http-error.js';
import type { Logger } from './logger.js';

/** The NDJSON media type of streamed responses. */
export const NDJSON_TYPE = 'application/x-ndjson';

/** Text gathered before one socket write: few syscalls, and a bounded amount held. */
const FLUSH_BYTES = 64 * 1024;

/** How a stream may be cut short. */
export interface NdjsonOptions {
  /** When aborted (the server's shutdown grace is over), the stream ends with a shutting-down error line. */
  readonly signal?: AbortSignal;
  /** A client that reads nothing for this long (the socket buffer stays full) is disconnected. */
  readonly idleTimeoutMs?: number;
  /** Units asked for, named in the shutting-down line. */
  readonly units?: number;
}

/**
 * Stream `chunks` (one per unit) as the response body with backpressure:
 * when the socket's buffer is full (`res.write` returns false) no further
 * chunk is pulled, so generation pauses until the client reads ('drain').
 * A client that goes away closes the source and generation stops; one that
 * stops reading for `idleTimeoutMs` is disconnected. Headers are sent with
 * the first write, so an error after that, or the server shutting down, is
 * reported as a last line `{"error":{...}}` and the response ends.
 */
export async function writeNdjson(ctx: Context, chunks: AsyncIterable<string>, logger: Logger, options: NdjsonOptions = {}): Promise<void> {
  ctx.respond = false;
  const res = ctx.res;
  res.statusCode = 200;
  res.setHeader('Content-Type', `${NDJSON_TYPE}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.once('close', onClose);
  let pending = '';
  let units = 0;
  ctx.state.bytesSent = 0;
  const write = (text: string): boolean => {
    ctx.state.bytesSent += Buffer.byteLength(text);
    return res.write(text);
  };
  const requestId = String(ctx.state.requestId ?? '');
  const endWith = (error: EsdhError) => {
    if (closed || res.writableEnded) return;
    const line = JSON.stringify(errorBody(error, requestId || undefined)) + '\n';
    ctx.state.bytesSent += Buffer.byteLength(pending + line);
    res.end(pending + line);
  };
  try {
    for await (const chunk of chunks) {
      if (closed) break;
      units++;
      pending += chunk;
      if (options.signal?.aborted) break;
      if (pending.length < FLUSH_BYTES) continue;
      const flushed = write(pending);
      pending = '';
      if (flushed) continue;
      const outcome = await drained(res, options);
      if (outcome === 'idle') {
        logger.warn('stream client stopped reading: disconnected', { req_id: requestId, path: ctx.path, idle_ms: options.idleTimeoutMs, units });
        res.destroy();
        break;
      }
      if (closed || options.signal?.aborted) break;
    }
    if (options.signal?.aborted && !closed) {
      logger.warn('stream ended: the server is shutting down', { req_id: requestId, path: ctx.path, units });
      endWith(esdhError('ESDH_ERR_SERVER_SHUTTING_DOWN', units, options.units ?? '?'));
    } else if (!closed && !res.writableEnded) {
      ctx.state.bytesSent += Buffer.byteLength(pending);
      res.end(pending);
    }
  } catch (error) {
    logger.error('stream failed', { req_id: requestId, path: ctx.path, error: describe(error) });
    endWith(publicError(error, requestId));
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Resolves when the socket buffer has room again ('drain'), the connection is
 * gone ('closed'), nothing was read for idleTimeoutMs ('idle'), or the
 * shutdown signal fired ('shutdown').
 */
function drained(res: ServerResponse, options: NdjsonOptions): Promise<'drain' | 'closed' | 'idle' | 'shutdown'> {
  return new Promise((resolve) => {
    const done = (outcome: 'drain' | 'closed' | 'idle' | 'shutdown') => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      resolve(outcome);
    };
    const onDrain = done('drain');
    const onClose = done('closed');
    const onAbort = done('shutdown');
    const timer = options.idleTimeoutMs ? setTimeout(done('idle'), options.idleTimeoutMs) : undefined;
    res.on('drain', onDrain);
    res.on('close', onClose);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
