import { createServer, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Engine, esdhError, type EsdhError } from '../../../engine/index.js';
import { createApp } from './app.js';
import { errorBody, rawErrorResponse } from './http-error.js';
import { silentLogger, type Logger } from './logger.js';
import { isLoopback } from './ports.js';

export { isLoopback };

/** The connection limits of a server; each defaults to the engine's config (api.*). */
export interface ServerLimits {
  /** Headers must arrive within this (api.headers_timeout_ms); at most requestTimeoutMs. */
  headersTimeoutMs?: number;
  /** The whole request within this (api.request_timeout_ms). */
  requestTimeoutMs?: number;
  /** An idle kept-alive connection is closed after this (api.keep_alive_timeout_ms). */
  keepAliveTimeoutMs?: number;
  /** No traffic either way for this long closes the connection (api.idle_timeout_ms). */
  idleTimeoutMs?: number;
  /** Connections open at once; more are closed on arrival (api.max_connections). */
  maxConnections?: number;
}

/** Options of `startServer`; each defaults to the engine's config (api.*). */
export interface ServerOptions extends ServerLimits {
  host?: string;
  /** 0 picks a free port (see `port` of the result). */
  port?: number;
  apiKey?: string | null;
  logger?: Logger;
  /** How long `close()` lets in-flight responses finish before ending streams and cutting the rest (api.shutdown_timeout_ms, 10 s). */
  closeTimeoutMs?: number;
}

/** A listening server. */
export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Stop accepting and let in-flight responses finish (up to closeTimeoutMs);
   * then NDJSON streams still running end with a shutting-down error line and
   * whatever is left is cut. Resolves when every connection is closed.
   */
  close(): Promise<void>;
}

/** After the shutdown grace, how long ended streams get to flush their last line before their sockets are cut. */
const FLUSH_AFTER_GRACE_MS = 1_000;

/**
 * Listen with the ESDH app. Secure by default: on any address but loopback
 * it refuses to start without an API key (config api.api_key or ESDH_API_KEY).
 * Every connection is bounded: headers, the whole request, keep-alive and
 * inactivity have timeouts, the number of connections a cap, and a request
 * Node itself refuses (malformed, headers too large, timed out, a bad Expect)
 * is answered with our JSON error body.
 * @example
 * const server = await startServer(engine, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:54321
 * await server.close();
 */
export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const { api } = engine.config;
  const host = options.host ?? api.host;
  const port = options.port ?? api.port;
  const apiKey = options.apiKey === undefined ? api.api_key : options.apiKey;
  const logger = options.logger ?? silentLogger;
  if (!isLoopback(host) && !apiKey) throw esdhError('ESDH_ERR_SERVER_API_KEY_REQUIRED', host);
  const limits = resolveLimits(engine, options);

  const shutdown = new AbortController();
  const app = createApp(engine, { apiKey, logger, shutdown: shutdown.signal, idleTimeoutMs: limits.idleTimeoutMs });
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the headers and request timeouts only this often (30 s by default): check often enough for them to mean what they say.
    connectionsCheckingInterval: Math.min(1_000, Math.max(10, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4))),
  }, app.callback());
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('drop', dropLogger(logger, limits.maxConnections));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, limits, logger));
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const expect = String(req.headers.expect ?? '').slice(0, 100);
    writeError(res, esdhError('ESDH_ERR_HTTP_EXPECTATION_FAILED', expect));
    logger.info('request', { method: req.method, path: req.url, status: 417 });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(esdhError('ESDH_ERR_SERVER_PORT_IN_USE', port, host));
      else reject(esdhError('ESDH_ERR_SERVER_LISTEN_FAILED', host, port, error.code ?? error.message));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });

  const address = server.address() as AddressInfo;
  const urlHost = isIP(host) === 6 ? `[${host}]` : host;
  const url = `http://${urlHost}:${address.port}`;
  logger.info('listening', { url, auth: apiKey ? 'api key' : 'none (loopback)' });

  let closing: Promise<void> | undefined;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Node drops the inactivity timeout of a kept-alive connection's later requests: arm it for each one.
    req.socket.setTimeout(limits.idleTimeoutMs);
    // While closing, answers on kept-alive connections say so, and the client does not reuse them.
    if (closing) res.setHeader('Connection', 'close');
  });
  const close = () => (closing ??= new Promise<void>((resolve) => {
    let cut: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      // The grace is over: streams end with a shutting-down line; a moment later the rest is cut.
      shutdown.abort();
      cut = setTimeout(() => {
        logger.warn('closing: cutting responses still in flight', { sockets: sockets.size });
        for (const socket of sockets) socket.destroy();
      }, FLUSH_AFTER_GRACE_MS);
      cut.unref();
    }, options.closeTimeoutMs ?? api.shutdown_timeout_ms);
    // A connection becomes idle when its response in flight ends: close it then, not at keepAliveTimeout.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    grace.unref();
    idle.unref();
    server.close(() => {
      clearTimeout(grace);
      clearTimeout(cut);
      clearInterval(idle);
      logger.info('closed', { url });
      resolve();
    });
    server.closeIdleConnections();
  }));

  return { url, host, port: address.port, server, close };
}

type Limits = Required<ServerLimits>;

function resolveLimits(engine: Engine, options: ServerLimits): Limits {
  const { api } = engine.config;
  const limits: Limits = {
    headersTimeoutMs: options.headersTimeoutMs ?? api.headers_timeout_ms,
    requestTimeoutMs: options.requestTimeoutMs ?? api.request_timeout_ms,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? api.keep_alive_timeout_ms,
    idleTimeoutMs: options.idleTimeoutMs ?? api.idle_timeout_ms,
    maxConnections: options.maxConnections ?? api.max_connections,
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', engine.config.source, 'api.headers_timeout_ms',
      `${limits.headersTimeoutMs} is longer than api.request_timeout_ms (${limits.requestTimeoutMs}): the headers are part of the request, so give them at most as long`);
  }
  return limits;
}

/**
 * Node found the request unreadable (or too slow) before there was a request
 * object: answer with our JSON error on the socket, then close it. Nothing is
 * written when a response is already under way (it would corrupt it) or the
 * client has gone.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, limits: Limits, logger: Logger): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const answer = clientErrorAnswer(error, limits);
  logger.info('bad request', { status: answer.status, esdh_code: answer.code, reason: error.code });
  socket.end(rawErrorResponse(answer), () => socket.destroy());
}

function clientErrorAnswer(error: NodeJS.ErrnoException & { reason?: string }, limits: Limits): EsdhError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return esdhError('ESDH_ERR_HTTP_TIMEOUT', limits.headersTimeoutMs, limits.requestTimeoutMs);
  if (error.code === 'HPE_HEADER_OVERFLOW') return esdhError('ESDH_ERR_HTTP_HEADERS_TOO_LARGE', maxHeaderSize);
  const reason = error.reason ?? error.message;
  return esdhError('ESDH_ERR_HTTP_MALFORMED', error.code ? `${error.code}: ${reason}` : reason);
}

/** Our JSON error on a response Koa never saw. */
function writeError(res: ServerResponse, error: EsdhError): void {
  const body = JSON.stringify(errorBody(error));
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}

/** Connections refused over the cap: one warning, then at most one every 10 s with the count. */
function dropLogger(logger: Logger, maxConnections: number): () => void {
  let dropped = 0;
  let lastLog = 0;
  return () => {
    dropped++;
    const now = Date.now();
    if (now - lastLog < 10_000) return;
    lastLog = now;
    logger.warn('connection refused: too many open connections', { max_connections: maxConnections, dropped });
  };
}
