import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Engine, esdhError, isAlive, packageRoot, type ResolvedConfig } from '../../../../engine/index.js';
import { callApi, type ApiTarget } from '../../http/client.js';
import { freePort, isLoopback, isPortFree } from '../../http/ports.js';
import { stringOption, type CliIO, type ParsedArgs } from '../command.js';
import { colours } from '../format.js';
import { apiUrl } from './server-url.js';
import { DEMO_PID_FILE, DEMO_PORT_FILE, readDemoState, removeDemoState } from './state-files.js';

const HEALTH_TIMEOUT_MS = 20_000;

/** Stop a server an earlier `esdh demo --keep-server` left behind, so this run starts fresh. */
export async function stopLeftoverServer(engine: Engine, io: CliIO): Promise<void> {
  const leftover = readDemoState(engine.config.baseDir);
  if (!leftover) return;
  if (isAlive(leftover.pid) && (await answersAsEsdh(apiUrl(engine.config.api.host, leftover.port), engine.config.api.api_key))) {
    io.stdout.write(`  stopping the demo server an earlier run left running (pid ${leftover.pid}, port ${leftover.port})\n`);
    await stopServer(leftover.pid, engine.config.baseDir);
  } else removeDemoState(engine.config.baseDir);
}

/** The port for the demo server: the configured one, or a free one when it is 0 or busy (said on stdout). */
export async function chooseServerPort(api: ResolvedConfig['api'], io: CliIO): Promise<number> {
  const { host, port: configured, api_key: apiKey } = api;
  // Refuse before probing ports: a demo never opens a keyless server beyond loopback.
  if (!isLoopback(host) && !apiKey) throw esdhError('ESDH_ERR_SERVER_API_KEY_REQUIRED', host);
  if (configured === 0) return freePort(host);
  if (await isPortFree(host, configured)) return configured;
  const port = await freePort(host);
  io.stdout.write(colours(io.stdout, io.env).yellow(`  port ${configured} on ${host} is busy, so the demo uses port ${port} instead (set DEMO_API_PORT to choose)`) + '\n');
  return port;
}

/** `esdh serve` as a detached process (it may outlive this one: --keep-server), its output to `logPath` only. */
export function spawnServer(args: ParsedArgs, io: CliIO, host: string, port: number, logPath: string): ChildProcess {
  const argv = [join(packageRoot(), 'bin', 'esdh.js'), 'serve', '--host', host, '--port', String(port)];
  const config = stringOption(args, 'config');
  if (config) argv.push('--config', resolve(io.cwd, config));
  mkdirSync(resolve(logPath, '..'), { recursive: true });
  const log = openSync(logPath, 'w');
  try {
    const child = spawn(process.execPath, argv, { cwd: io.cwd, env: { ...io.env, NO_COLOR: '1' }, detached: true, stdio: ['ignore', log, log], windowsHide: true });
    child.unref();
    if (child.pid === undefined) throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'start the API server', `could not start ${process.execPath}`);
    child.on('error', () => undefined);
    return child;
  } finally {
    closeSync(log);
  }
}

/** Poll /healthz until it answers 200; fails when the server exits first or after HEALTH_TIMEOUT_MS. */
export async function waitForHealth(target: ApiTarget, server: ChildProcess, logPath: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'wait for /healthz', `the server exited (${server.exitCode ?? server.signalCode}) before answering; see ${logPath}`);
    }
    try {
      const response = await callApi<Record<string, unknown>>({ ...target, timeoutMs: 2_000 }, 'GET', '/healthz');
      if (response.status === 200) return response.body;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'wait for /healthz', `no answer within ${HEALTH_TIMEOUT_MS / 1000} s (${last})`);
}

/** Whether an ESDH server answers at url (healthz, or a coded 401 when a key is needed). */
export async function answersAsEsdh(url: string, apiKey: string | null): Promise<boolean> {
  try {
    const response = await callApi<{ status?: string; dataset_version?: string; error?: { esdh_code?: string } }>({ url, apiKey, timeoutMs: 2_000 }, 'GET', '/healthz');
    if (response.status === 200) return response.body?.status === 'ok' && typeof response.body.dataset_version === 'string';
    return String(response.body?.error?.esdh_code ?? '').startsWith('ESDH_ERR_');
  } catch {
    return false;
  }
}

/** SIGTERM (graceful close), then SIGKILL after 5 s; removes the pid/port files. */
export async function stopServer(pid: number, baseDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 50) await sleep(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  removeDemoState(baseDir);
}

/** `esdh demo stop`: stop a server --keep-server left running, only if it answers as ESDH. */
export async function stopDemoServer(engine: Engine, io: CliIO): Promise<number> {
  const { baseDir } = engine.config;
  const state = readDemoState(baseDir);
  if (!state) {
    removeDemoState(baseDir);
    io.stdout.write('No demo server is running (no .demo_api_pid/.demo_api_port).\n');
    return 0;
  }
  const url = apiUrl(engine.config.api.host, state.port);
  if (!isAlive(state.pid)) {
    removeDemoState(baseDir);
    io.stdout.write(`The demo server (pid ${state.pid}) had already stopped; removed ${DEMO_PID_FILE} and ${DEMO_PORT_FILE}.\n`);
    return 0;
  }
  if (!(await answersAsEsdh(url, engine.config.api.api_key))) {
    io.stderr.write(`Process ${state.pid} is running but no ESDH server answers at ${url}; it may not be the demo server, so it was left alone. Remove the stale files with: esdh clean\n`);
    return 1;
  }
  await stopServer(state.pid, baseDir);
  io.stdout.write(`Stopped the demo server (pid ${state.pid}, ${url}).\n`);
  return 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
