import Koa from 'koa';
import type Router from '@koa/router';
import { type Engine, esdhError, type EsdhError } from '../../../engine/index.js';
import { apiKeyAuth } from './api-key.js';
import { describe, DISCARD_LIMIT_BYTES, errorMiddleware } from './http-error.js';
import { jsonBody } from './json-body.js';
import { RecordBudget } from './json-budget.js';
import { silentLogger, type Logger } from './logger.js';
import { requestContext } from './request-context.js';
import { createRouter } from './routes.js';
import { studioStatic } from './studio-static.js';

/** Options of `createApp`. */
export interface AppOptions {
  /** Required on every request when set (`X-API-Key` or `Authorization: Bearer`); default: the config's api.api_key. */
  apiKey?: string | null;
  /** Access log and errors (default: silent). */
  logger?: Logger;
  /** Aborted when the server stops for good: NDJSON streams still running end with a shutting-down error line (server.ts does this). */
  shutdown?: AbortSignal;
  /** Records plain JSON answers in flight may hold in all (default: the config's api.max_json_records_in_flight). */
  maxJsonRecordsInFlight?: number;
  /** A stream whose client reads nothing for this long is disconnected (default: the config's api.idle_timeout_ms). */
  idleTimeoutMs?: number;
  /** Bytes of an unread request body discarded after an error answer before the connection is closed (default 16 MiB). */
  discardLimitBytes?: number;
}

/**
 * The Koa app of the ESDH API, not listening: use `app.callback()` with
 * supertest, or `startServer` to listen. The chain: errors (first, so every
 * failure is our JSON shape), request id and access log, the studio's static files (/ and /studio/),
 * API key, the JSON
 * body (@koa/bodyparser), the routes, then @koa/router's allowedMethods
 * (405 with Allow, OPTIONS) with our error factories; a path no route has is 404.
 * @example
 * const app = createApp(await createEngine());
 * await supertest(app.callback()).post('/generate/person').send({ records: 3, seed: 42 });
 */
export function createApp(engine: Engine, options: AppOptions = {}): Koa {
  const logger = options.logger ?? silentLogger;
  const { api } = engine.config;
  const apiKey = options.apiKey === undefined ? api.api_key : options.apiKey;
  const app = new Koa();
  app.proxy = false;
  // Errors the middleware did not see (a socket failing mid-response): log them, never print a stack.
  app.silent = true;
  app.on('error', (error: unknown) => logger.warn('connection error', { error: describe(error) }));

  const router = createRouter(engine, {
    logger,
    jsonBudget: new RecordBudget(options.maxJsonRecordsInFlight ?? api.max_json_records_in_flight),
    shutdown: options.shutdown,
    idleTimeoutMs: options.idleTimeoutMs ?? api.idle_timeout_ms,
  });
  app.use(errorMiddleware(logger, options.discardLimitBytes ?? DISCARD_LIMIT_BYTES));
  app.use(requestContext(logger));
  // The studio's static files (no data in them) come before the key: the page asks for it and sends it with each call.
  app.use(studioStatic());
  app.use(apiKeyAuth(apiKey));
  for (const middleware of jsonBody(api.body_limit_bytes)) app.use(middleware);
  app.use(router.routes());
  app.use(allowedMethods(router));
  app.use(routeUnknown(router));
  return app;
}

/**
 * @koa/router's allowedMethods, throwing our errors: a known path with a
 * method it does not have (or one the router does not implement) is 405 with
 * the Allow header. The factories take no arguments, so they are made per request.
 */
function allowedMethods(router: Router): Koa.Middleware {
  return (ctx, next) => {
    const methodNotAllowed = () => notAllowed(ctx);
    return router.allowedMethods({ throw: true, methodNotAllowed, notImplemented: methodNotAllowed })(ctx as never, next);
  };
}

function notAllowed(ctx: Koa.Context): EsdhError {
  const matched = (ctx as { matched?: Array<{ methods: string[] }> }).matched ?? [];
  const allowed = [...new Set(matched.flatMap((layer) => layer.methods))];
  ctx.set('Allow', allowed.join(', '));
  return esdhError('ESDH_ERR_HTTP_METHOD_NOT_ALLOWED', ctx.method, ctx.path, allowed.join(', ') || '(none)');
}

/** Last in the chain: reached only when no route matched the path (a matched path is allowedMethods' to answer). */
function routeUnknown(router: Router): Koa.Middleware {
  const routeList = [...new Set(router.stack.map((layer) => layer.path).filter((p): p is string => typeof p === 'string'))].join(', ');
  return async (ctx) => {
    const matched = (ctx as { matched?: unknown[] }).matched ?? [];
    if (matched.length === 0) throw esdhError('ESDH_ERR_HTTP_ROUTE_UNKNOWN', ctx.method, ctx.path, routeList);
  };
}
