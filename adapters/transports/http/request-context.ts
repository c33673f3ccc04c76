import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from './logger.js';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Give each request an id (the client's `X-Request-Id` when it is sane, else
 * a UUID), echo it in the response, and write one access-log line when the
 * response is finished or the client went away.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const given = ctx.get('X-Request-Id');
    const requestId = CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const res = ctx.res;
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      res.off('finish', log);
      res.off('close', log);
      const length = res.getHeader('Content-Length');
      logger.info('request', {
        req_id: requestId,
        method: ctx.method,
        path: ctx.path,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        bytes: ctx.state.bytesSent ?? (length === undefined ? undefined : Number(length)),
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', log);
    res.once('close', log);
    await next();
  };
}
