/** Shared by the HTTP and demo tests: engines on the built-in config, a captured CLI, servers on port 0. */
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
