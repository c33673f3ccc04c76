import Koa from 'koa';
import { type Engine, esdhError } from '../../../engine/index.js';
import { apiKeyAuth } from './api-key.js';
import { describe, errorMiddleware } from './http-error.js';
import { silentLogger, type Logger } from './logger.js';
import { requestContext } from './request-context.js';
import { createRouter } from './routes.js';

/** Options of `createApp`. */
export interface AppOptions {
  /** Required on every request when set (`X-API-Key` or `Authorization: Bearer`); default: the config's api.api_key. */
  apiKey?: string | null;
  /** Access log and errors (default: silent). */
  logger?: Logger;
}

/**
 * The Koa app of the ESDH API, not listening: use `app.callback()` with
 * supertest, or `startServer` to listen.
 * @example
 * const app = createApp(await createEngine());
 * await supertest(app.callback()).post('/generate/person').send({ records: 3, seed: 42 });
 */
export function createApp(engine: Engine, options: AppOptions = {}): Koa {
  const logger = options.logger ?? silentLogger;
  const apiKey = options.apiKey === undefined ? engine.config.api.api_key : options.apiKey;
  const app = new Koa();
  app.proxy = false;
  // Errors the middleware did not see (a socket failing mid-response): log them, never print a stack.
  app.silent = true;
  app.on('error', (error: unknown) => logger.warn('connection error', { error: describe(error) }));

  const router = createRouter(engine, logger);
  app.use(errorMiddleware(logger));
  app.use(requestContext(logger));
  app.use(apiKeyAuth(apiKey));
  app.use(unmatched(router.stack.map((layer) => layer.path).filter((p): p is string => typeof p === 'string')));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** After the router: a known path with the wrong method is 405 (Allow kept), anything else unanswered is 404. */
function unmatched(paths: string[]): Koa.Middleware {
  const routeList = [...new Set(paths)].join(', ');
  return async (ctx, next) => {
    await next();
    if (ctx.respond === false || ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.status === 405 || ctx.status === 501) {
      throw esdhError('ESDH_ERR_HTTP_METHOD_NOT_ALLOWED', ctx.method, ctx.path, String(ctx.response.get('Allow') || '(none)'));
    }
    if (ctx.status === 404) throw esdhError('ESDH_ERR_HTTP_ROUTE_UNKNOWN', ctx.method, ctx.path, routeList);
  };
}
