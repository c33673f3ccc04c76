import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { type Engine, esdhError } from '../../../engine/index.js';
import { createApp } from './app.js';
import { silentLogger, type Logger } from './logger.js';
import { isLoopback } from './ports.js';

export { isLoopback };

/** Options of `startServer`; each defaults to the engine's config (api.*). */
export interface ServerOptions {
  host?: string;
  /** 0 picks a free port (see `port` of the result). */
  port?: number;
  apiKey?: string | null;
  logger?: Logger;
  /** How long `close()` lets in-flight responses finish before cutting them (default 10 s). */
  closeTimeoutMs?: number;
}

/** A listening server. */
export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /** Stop accepting, let in-flight responses finish (up to closeTimeoutMs), then resolve. */
  close(): Promise<void>;
}

/**
 * Listen with the ESDH app. Secure by default: on any address but loopback
 * it refuses to start without an API key (config api.api_key or ESDH_API_KEY).
 * @example
 * const server = await startServer(engine, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:54321
 * await server.close();
 */
export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? engine.config.api.host;
  const port = options.port ?? engine.config.api.port;
  const apiKey = options.apiKey === undefined ? engine.config.api.api_key : options.apiKey;
  const logger = options.logger ?? silentLogger;
  if (!isLoopback(host) && !apiKey) throw esdhError('ESDH_ERR_SERVER_API_KEY_REQUIRED', host);

  const app = createApp(engine, { apiKey, logger });
  const server = createServer(app.callback());
  // Slow or idle clients must not hold sockets for ever: headers within 15 s, the body within 30 s,
  // and a connection with no traffic for 2 minutes (a client that stopped reading a stream) is closed.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 120_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
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
  // While closing, answers on kept-alive connections say so, and the client does not reuse them.
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  const close = () => (closing ??= new Promise<void>((resolve) => {
    const timeout = setTimeout(() => {
      logger.warn('closing: cutting responses still in flight', { sockets: sockets.size });
      for (const socket of sockets) socket.destroy();
    }, options.closeTimeoutMs ?? 10_000);
    // A connection becomes idle when its response in flight ends: close it then, not at keepAliveTimeout.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    timeout.unref();
    idle.unref();
    server.close(() => {
      clearTimeout(timeout);
      clearInterval(idle);
      logger.info('closed', { url });
      resolve();
    });
    server.closeIdleConnections();
  }));

  return { url, host, port: address.port, server, close };
}
