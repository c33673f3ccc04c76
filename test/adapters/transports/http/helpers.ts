/** Shared by the HTTP and demo tests: engines on the built-in config, a captured CLI, servers on port 0. */
import { connect, type Socket } from 'node:net';
import { homedir } from 'node:os';
import type Koa from 'koa';
import supertest from 'supertest';
import { createEngine, type Engine } from '../../../../engine/index.js';
import type { CliIO } from '../../../../adapters/transports/cli/command.js';
import { createApp, type AppOptions } from '../../../../adapters/transports/http/app.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { startServer, type RunningServer, type ServerOptions } from '../../../../adapters/transports/http/server.js';

/** An engine on the built-in config only, with no environment (DEMO_PROFILE etc. cannot leak in). */
export function testEngine(config: Parameters<typeof createEngine>[0] = {}): Promise<Engine> {
  return createEngine({ noConfigFile: true, env: {}, ...config });
}

/** supertest bound to a fresh app (no port). */
export async function testAgent(options: AppOptions = {}, engine?: Engine): Promise<{ agent: ReturnType<typeof supertest>; app: Koa; engine: Engine }> {
  const e = engine ?? (await testEngine());
  const app = createApp(e, options);
  return { agent: supertest(app.callback()), app, engine: e };
}

/**
 * Call inside a `describe`: starts real servers on 127.0.0.1 port 0 and closes
 * every one after each test.
 */
export function useServers(): (engine: Engine, options?: ServerOptions) => Promise<RunningServer> {
  const running: RunningServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) {
      server.server.closeAllConnections();
      await server.close();
    }
  });
  return async (engine, options = {}) => {
    const server = await startServer(engine, { host: '127.0.0.1', port: 0, ...options });
    running.push(server);
    return server;
  };
}

/** A CliIO whose output is kept in strings. */
export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}, extra: Partial<CliIO> & { stdin?: unknown } = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    cwd,
    env,
    ...extra,
    out: () => out,
    err: () => err,
  } as CliIO & { out: () => string; err: () => string };
}

/** Everything a client could see that must never leak: stack frames and local paths. */
export function expectNoInternals(text: string): void {
  const leaks = [packageRoot(), homedir()].filter((p) => p.length > 1 && text.includes(p));
  if (leaks.length || /\bat [\w.<>]+ \(|node:internal|\.[cm]?[jt]s:\d+/.test(text)) {
    throw new Error(`response leaks internals: ${text.slice(0, 300)}`);
  }
}

/** Parse NDJSON text into values. */
export function parseNdjson(text: string): unknown[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line));
}

/** What a raw client saw on one connection. */
export interface RawExchange {
  /** Everything the server sent. */
  readonly text: string;
  /** The server closed the connection (or reset it) before `waitMs`. */
  readonly closed: boolean;
  /** The socket error the client got, if any (EPIPE, ECONNRESET, ...). */
  readonly error?: string;
}

/**
 * Open a plain TCP connection to 127.0.0.1:port, let `talk` write to it,
 * and collect what the server answers until it closes the connection or
 * `waitMs` pass (then the client closes it). The socket is always destroyed.
 */
export function rawExchange(port: number, talk: (socket: Socket) => void | Promise<void>, waitMs = 5_000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      Promise.resolve(talk(socket)).catch((e: Error) => (error ??= e.message));
    });
  });
}

/** Split a raw HTTP/1.1 answer into status, lower-cased headers and body. */
export function parseRawResponse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: end < 0 ? '' : text.slice(end + 4) };
}

/** Write `bytes` to the socket in 64 KiB pieces, waiting for 'drain' (stops quietly if the socket closes). */
export async function writeAll(socket: Socket, bytes: number, fill = 'x'): Promise<void> {
  const piece = Buffer.alloc(64 * 1024, fill);
  let left = bytes;
  while (left > 0 && !socket.destroyed && socket.writable) {
    const chunk = left >= piece.length ? piece : piece.subarray(0, left);
    left -= chunk.length;
    if (!socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
}

/** Wait (polling every 20 ms) until `condition` holds; throws after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
