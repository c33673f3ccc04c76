import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import { errorBody, publicError, describe } from './http-error.js';
import type { Logger } from './logger.js';

/** The NDJSON media type of streamed responses. */
export const NDJSON_TYPE = 'application/x-ndjson';

/** Text gathered before one socket write: few syscalls, and a bounded amount held. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Stream `chunks` as the response body with backpressure: when the socket's
 * buffer is full (`res.write` returns false) no further chunk is pulled, so
 * generation pauses until the client reads ('drain'). When the client goes
 * away the source is closed and generation stops. Headers are sent with the
 * first write, so an error after that is reported as a last line
 * `{"error":{...}}` and the response ends.
 */
export async function writeNdjson(ctx: Context, chunks: AsyncIterable<string>, logger: Logger): Promise<void> {
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
  ctx.state.bytesSent = 0;
  const write = (text: string): boolean => {
    ctx.state.bytesSent += Buffer.byteLength(text);
    return res.write(text);
  };
  try {
    for await (const chunk of chunks) {
      if (closed) break;
      pending += chunk;
      if (pending.length < FLUSH_BYTES) continue;
      const flushed = write(pending);
      pending = '';
      if (!flushed) await drained(res);
      if (closed) break;
    }
    if (!closed) {
      ctx.state.bytesSent += Buffer.byteLength(pending);
      res.end(pending);
    }
  } catch (error) {
    const requestId = String(ctx.state.requestId ?? '');
    logger.error('stream failed', { req_id: requestId, path: ctx.path, error: describe(error) });
    if (!closed && !res.writableEnded) res.end(pending + JSON.stringify(errorBody(publicError(error, requestId), requestId)) + '\n');
  } finally {
    res.off('close', onClose);
  }
}

/** Resolves when the socket buffer has room again, or the connection is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
