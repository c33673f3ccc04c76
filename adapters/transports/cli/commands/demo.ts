import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { type Bundle, createEngine, type Engine, type EntityRecord, esdhError, EsdhError, packageRoot, type RunPlan } from '../../../../engine/index.js';
import { callApi, expectOk, type ApiTarget } from '../../http/client.js';
import { DEMO_SAMPLES_DIR, writeDemoSamples } from '../../http/demo-samples.js';
import { freePort, isLoopback, isPortFree } from '../../http/ports.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { newRunFolder, publishRun, LATEST_LINK } from '../demo-runs.js';
import { engineFor } from '../engine-for.js';
import { colours, displayPath, table } from '../format.js';
import { DEMO_LOG_FILE, DEMO_STATE_FILES } from './clean.js';
import { inProcessPayload, renderPreview } from './preview.js';

const [PID_FILE, PORT_FILE] = DEMO_STATE_FILES as [string, string];
/** The background server's output, beside the demo runs (removed by `esdh clean`). */
const LOG_FILE = DEMO_LOG_FILE;
/** Records per API call in the walk-through: enough to show, quick to check. */
const API_RECORDS = 3;
const HEALTH_TIMEOUT_MS = 20_000;
const STEPS = 6;

/** CliIO with the stdin `--interactive` reads (tests inject one). */
type DemoIO = CliIO & { readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

/** `esdh demo`: the walk-through users know, on Node alone. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'The demo walk-through: snapshot for the profile, API in the background, calls, preview and smoke checks, each step timed.',
  usage: 'esdh demo [--profile NAME] [--interactive] [--skip-smoke] [--keep-server]\n       esdh demo stop\n       esdh demo samples [--out DIR]',
  positionals: true,
  options: {
    profile: { type: 'string', short: 'p', value: 'name', help: 'profile from the config (default: baseline, or $DEMO_PROFILE)' },
    interactive: { type: 'boolean', short: 'i', help: 'pause for Enter after each step (not when stdin is not a terminal)' },
    'skip-smoke': { type: 'boolean', help: 'skip the smoke checks (a faster dry run)' },
    'keep-server': { type: 'boolean', help: 'leave the API running at the end (stop it later with esdh demo stop)' },
    out: { type: 'string', short: 'o', value: 'dir', help: `demo samples: folder to write (default: ${DEMO_SAMPLES_DIR})` },
  },
  details: [
    'Steps: 1 snapshot → 2 start the API (the configured port, or a free one if busy) → 3 wait for /healthz',
    '→ 4 POST /generate/person and /generate/bundle → 5 preview → 6 smoke checks. Exits 1 with a diagnostics block on failure.',
    `The server's pid and port go to ${PID_FILE} and ${PORT_FILE} in the config's folder (esdh clean removes them);`,
    `its log goes to <output.runs_dir>/${LOG_FILE}.`,
    '',
    '  esdh demo stop        stop a server left running by --keep-server',
    `  esdh demo samples     rewrite the canned payloads in ${DEMO_SAMPLES_DIR}/ (seed 20251101, 3 records)`,
    '',
    'Examples:',
    '  esdh demo',
    '  DEMO_PROFILE=heavy esdh demo --skip-smoke',
    '  DEMO_API_PORT=5051 esdh demo --keep-server && esdh preview --use-api',
  ],
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (rest.length || (sub !== undefined && sub !== 'stop' && sub !== 'samples')) {
      throw esdhError('ESDH_ERR_USAGE', `unknown demo subcommand '${args.positionals.join(' ')}' (expected stop or samples)`, 'demo');
    }
    if (sub === 'samples') return writeSamples(args, io);
    const engine = await engineFor(args, io);
    if (sub === 'stop') return stopDemo(engine, io);
    return runDemo(engine, args, io as DemoIO);
  },
};

/** The URL of the demo server if one left its port file, else the configured one. */
export function demoApiUrl(engine: Engine): string {
  const state = readDemoState(engine.config.baseDir);
  return apiUrl(engine.config.api.host, state?.port ?? engine.config.api.port);
}

function apiUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

// ---------------------------------------------------------------- the walk-through

interface DemoState {
  profile: string;
  plan?: RunPlan;
  snapshotDir?: string;
  counts?: string;
  port?: number;
  url?: string;
  server?: ChildProcess;
  lastStep?: string;
  readonly logPath: string;
  readonly timings: Array<{ step: string; ms: number }>;
}

async function runDemo(engine: Engine, args: ParsedArgs, io: DemoIO): Promise<number> {
  const c = colours(io.stdout, io.env);
  const started = performance.now();
  const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  const plan = engine.plan({ profile: stringOption(args, 'profile') });
  const state: DemoState = { profile: plan.profile, plan, logPath: join(runsDir, LOG_FILE), timings: [] };
  const target = (): ApiTarget => ({ url: state.url!, apiKey: engine.config.api.api_key, timeoutMs: 15_000 });
  const pause = pauser(io, Boolean(args.values.interactive));
  let index = 0;
  const step = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    if (io.signal?.aborted) throw esdhError('ESDH_ERR_INTERRUPTED', String(io.signal.reason ?? 'signal'));
    const label = `STEP ${++index}/${STEPS} ${title}`;
    io.stdout.write('\n' + c.bold(c.cyan(`▶ ${label}`)) + '\n');
    const begun = performance.now();
    const result = await fn();
    const ms = performance.now() - begun;
    state.timings.push({ step: title, ms });
    state.lastStep = label;
    io.stdout.write(c.green(`  ✓ done in ${formatMs(ms)}`) + '\n');
    await pause();
    return result;
  };

  // A closed terminal (SIGHUP) ends this process at once: take the background server with it.
  const onHangup = () => {
    if (state.server?.pid) {
      try {
        process.kill(state.server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      removeDemoState(engine.config.baseDir);
    }
    process.exit(129);
  };
  process.once('SIGHUP', onHangup);
  io.stdout.write(c.bold(`ESDH demo · profile ${plan.profile} · ${plan.records} records · seed ${plan.seedSource === 'random' ? `${plan.seed} (random)` : plan.seed}`) + '\n');
  let keepServer = false;
  try {
    await step(`Generate the governed snapshot for profile ${plan.profile}`, async () => {
      const out = newRunFolder(runsDir, plan.profile, new Date());
      const result = await engine.run({ profile: plan.profile, seed: plan.seed, randomize: false, out, signal: io.signal });
      await publishRun(runsDir, result.dir, engine.config.output.keep_runs);
      state.snapshotDir = result.dir;
      state.counts = Object.entries(result.manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ');
      io.stdout.write(`  wrote ${displayPath(result.dir, io.cwd)}/ (${state.counts}); ${displayPath(join(runsDir, LATEST_LINK), io.cwd)} points at it\n`);
    });

    await step('Start the API server in the background', async () => {
      await stopLeftoverServer(engine, io);
      const { host, port: configured, api_key: apiKey } = engine.config.api;
      // Refuse before probing ports: a demo never opens a keyless server beyond loopback.
      if (!isLoopback(host) && !apiKey) throw esdhError('ESDH_ERR_SERVER_API_KEY_REQUIRED', host);
      let port = configured;
      if (configured === 0) port = await freePort(host);
      else if (!(await isPortFree(host, configured))) {
        port = await freePort(host);
        io.stdout.write(c.yellow(`  port ${configured} on ${host} is busy, so the demo uses port ${port} instead (set DEMO_API_PORT to choose)`) + '\n');
      }
      state.port = port;
      state.url = apiUrl(host, port);
      state.server = spawnServer(args, io, host, port, state.logPath);
      writeFileSync(join(engine.config.baseDir, PID_FILE), `${state.server.pid}\n`);
      writeFileSync(join(engine.config.baseDir, PORT_FILE), `${port}\n`);
      io.stdout.write(`  node ${displayPath(join(packageRoot(), 'bin', 'esdh.js'), io.cwd)} serve --port ${port} (pid ${state.server.pid}); log: ${displayPath(state.logPath, io.cwd)}\n`);
    });

    await step('Wait for /healthz', async () => {
      const health = await waitForHealth(target(), state.server!, state.logPath);
      const entities = ((health.plan as { entities?: Array<{ name: string; version: string }> })?.entities ?? []).map((e) => `${e.name} ${e.version}`).join(', ');
      io.stdout.write(`  ${state.url}/healthz: status ${String(health.status)}, dataset ${String(health.dataset_version)}, plan: ${entities}\n`);
    });

    const body = { records: API_RECORDS, seed: plan.seed, as_of: plan.asOf };
    const bundle = await step('Call the API: POST /generate/person and /generate/bundle', async () => {
      const generate = async (endpoint: string) => {
        const response = expectOk(await callApi<Record<string, unknown>>(target(), 'POST', `/generate/${endpoint}`, body), `${state.url}/generate/${endpoint}`);
        const lists = Object.entries(response.body).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${(v as unknown[]).length} ${k}`).join(', ');
        io.stdout.write(`  POST /generate/${endpoint} ${JSON.stringify(body)} → ${response.status} in ${formatMs(response.ms)}: ${lists}, seed ${String(response.body.seed)}\n`);
        return response.body;
      };
      await generate('person');
      return generate('bundle');
    });

    await step('Preview the API bundle', async () => {
      io.stdout.write(indent(renderPreview(bundle, { show: 1, source: `API ${state.url}/generate/bundle`, profile: plan.profile, io })));
    });

    if (args.values['skip-smoke']) {
      await step('Smoke checks (skipped: --skip-smoke)', async () => void io.stdout.write('  skipped\n'));
    } else {
      await step('Smoke checks', () => smokeChecks(engine, state, target(), bundle as Bundle, body, io));
    }

    keepServer = Boolean(args.values['keep-server']);
    io.stdout.write(summary(engine, state, io, keepServer, performance.now() - started));
    return 0;
  } catch (error) {
    if (io.signal?.aborted) throw error;
    io.stderr.write(diagnostics(error, engine, state, io));
    return 1;
  } finally {
    process.off('SIGHUP', onHangup);
    if (!keepServer && state.server) await stopServer(state.server.pid!, engine.config.baseDir);
  }
}

/** Stop a server an earlier `esdh demo --keep-server` left behind, so this run starts fresh. */
async function stopLeftoverServer(engine: Engine, io: CliIO): Promise<void> {
  const leftover = readDemoState(engine.config.baseDir);
  if (!leftover) return;
  if (isAlive(leftover.pid) && (await answersAsEsdh(apiUrl(engine.config.api.host, leftover.port), engine.config.api.api_key))) {
    io.stdout.write(`  stopping the demo server an earlier run left running (pid ${leftover.pid}, port ${leftover.port})\n`);
    await stopServer(leftover.pid, engine.config.baseDir);
  } else removeDemoState(engine.config.baseDir);
}

function spawnServer(args: ParsedArgs, io: CliIO, host: string, port: number, logPath: string): ChildProcess {
  const argv = [join(packageRoot(), 'bin', 'esdh.js'), 'serve', '--host', host, '--port', String(port)];
  const config = stringOption(args, 'config');
  if (config) argv.push('--config', resolve(io.cwd, config));
  mkdirSync(resolve(logPath, '..'), { recursive: true });
  const log = openSync(logPath, 'w');
  try {
    // detached: the server may outlive this process (--keep-server); its output goes to the log only.
    const child = spawn(process.execPath, argv, { cwd: io.cwd, env: { ...io.env, NO_COLOR: '1' }, detached: true, stdio: ['ignore', log, log], windowsHide: true });
    child.unref();
    if (child.pid === undefined) throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'start the API server', `could not start ${process.execPath}`);
    child.on('error', () => undefined);
    return child;
  } finally {
    closeSync(log);
  }
}

async function waitForHealth(target: ApiTarget, server: ChildProcess, logPath: string): Promise<Record<string, unknown>> {
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

// ---------------------------------------------------------------- smoke checks

async function smokeChecks(engine: Engine, state: DemoState, target: ApiTarget, bundle: Bundle, body: { records: number; seed: number; as_of: string }, io: CliIO): Promise<void> {
  const c = colours(io.stdout, io.env);
  const lists = Object.fromEntries(Object.entries(bundle).filter(([, v]) => Array.isArray(v))) as Bundle;
  const checks: Array<[string, () => Promise<string | void>]> = [
    ['the snapshot verifies (checksums, schemas, marker, references, domain rules)', async () => {
      const report = await engine.verify(state.snapshotDir!);
      if (!report.ok) throw new Error(report.rules.filter((r) => r.failed).map((r) => `${r.rule}: ${r.failed} failed`).join('; '));
      return `${report.rules.length} rules`;
    }],
    ['the API bundle equals engine.generate for the same seed', async () => {
      const local = await inProcessPayload(engine, 'bundle', { ...state.plan!, records: body.records, seed: body.seed, asOf: body.as_of });
      for (const plural of Object.keys(lists)) if (!isDeepStrictEqual(lists[plural], local[plural])) throw new Error(`${plural} differ`);
    }],
    ['the API bundle starts with the snapshot\'s first persons', async () => {
      const ids = await firstCsvColumn(join(state.snapshotDir!, `persons_${engine.config.dataset_version.replace(/\./g, '_')}.csv`), body.records);
      if (!ids) return 'skipped: the profile writes no persons CSV';
      const apiIds = (lists.persons ?? []).map((p) => p.person_id);
      if (!isDeepStrictEqual(apiIds, ids)) throw new Error(`API ${apiIds.join(',')} vs snapshot ${ids.join(',')}`);
    }],
    ['every record carries the synthetic marker', async () => {
      const unmarked = Object.values(lists).flat().filter((r) => r.synthetic_source !== engine.config.synthetic_source);
      if (unmarked.length) throw new Error(`${unmarked.length} record(s) without synthetic_source = "${engine.config.synthetic_source}"`);
    }],
    ['references resolve inside the bundle', async () => {
      const problems = referenceProblems(engine, lists);
      if (problems.length) throw new Error(problems.slice(0, 3).join('; '));
    }],
    ['NDJSON streaming gives the same records', async () => {
      const response = await callApi<string>(target, 'POST', '/generate/bundle', body, { ndjson: true });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      const streamed: Bundle = {};
      for (const line of response.text.split('\n').filter(Boolean)) {
        const { entity, record } = JSON.parse(line) as { entity: string; record: EntityRecord };
        (streamed[engine.entity(entity).plural] ??= []).push(record);
      }
      if (!isDeepStrictEqual(streamed, lists)) throw new Error('streamed records differ from the JSON response');
    }],
    ['a bad request gets 400 invalid_request, not a crash', async () => {
      const response = await callApi<{ error?: { code?: string } }>(target, 'POST', '/generate/person', { records: 0 });
      if (response.status !== 400 || response.body?.error?.code !== 'invalid_request') throw new Error(`got ${response.status} ${response.text.slice(0, 120)}`);
    }],
    ['the server is still healthy', async () => {
      expectOk(await callApi(target, 'GET', '/healthz'), `${target.url}/healthz`);
    }],
  ];
  const failed: string[] = [];
  for (const [name, check] of checks) {
    try {
      const note = await check();
      io.stdout.write(`  ${c.green('✓')} ${name}${note ? c.dim(` (${note})`) : ''}\n`);
    } catch (error) {
      failed.push(name);
      io.stdout.write(`  ${c.red('✗')} ${name}: ${(error as Error).message}\n`);
    }
  }
  if (failed.length) throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'smoke checks', `${failed.length} of ${checks.length} failed: ${failed.join('; ')}`);
}

/** Foreign keys of the bundle's entities that point at no record of the bundle. */
function referenceProblems(engine: Engine, lists: Bundle): string[] {
  const problems: string[] = [];
  for (const plugin of engine.registry.all()) {
    const records = lists[plugin.plural];
    if (!records || !plugin.references) continue;
    for (const [field, targetRef] of Object.entries(plugin.references)) {
      const [entity, targetField] = targetRef.split('.') as [string, string];
      const targets = lists[engine.entity(entity).plural];
      if (!targets) continue;
      const known = new Set(targets.map((r) => r[targetField]));
      for (const record of records) if (record[field] !== null && record[field] !== undefined && !known.has(record[field])) problems.push(`${plugin.name}.${field} ${String(record[field])} has no ${targetRef}`);
    }
  }
  return problems;
}

/** The first column of the first `rows` data rows of a CSV (undefined when there is no such file). */
async function firstCsvColumn(path: string, rows: number): Promise<string[] | undefined> {
  if (!existsSync(path)) return undefined;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const values: string[] = [];
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    values.push(line.split(',')[0]!.replace(/^"|"$/g, ''));
    if (values.length === rows) break;
  }
  lines.close();
  return values;
}

// ---------------------------------------------------------------- output

function summary(engine: Engine, state: DemoState, io: CliIO, keepServer: boolean, totalMs: number): string {
  const c = colours(io.stdout, io.env);
  const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  const rows = [
    ['Profile', `${state.profile} (${state.plan!.records} records, seed ${state.plan!.seed})`],
    ['Snapshot', state.snapshotDir ? displayPath(state.snapshotDir, io.cwd) + '/' : '-'],
    ['Latest demo link', displayPath(join(runsDir, LATEST_LINK), io.cwd)],
    ['Counts', state.counts ?? '-'],
    ['API', keepServer ? `${state.url} still running (pid ${state.server?.pid}): esdh preview --use-api, then esdh demo stop` : `${state.url} (stopped)`],
    ['Canned payloads', `${DEMO_SAMPLES_DIR}/`],
    ['Synthetic marker', engine.config.synthetic_source],
  ];
  return [
    '',
    c.bold('===== Demo summary ====='),
    table(rows).trimEnd(),
    'Timings:',
    table([...state.timings.map((t, i) => [`${i + 1}. ${t.step}`, formatMs(t.ms)]), ['total', formatMs(totalMs)]], '  ').trimEnd(),
    c.green(`Demo complete in ${formatMs(totalMs)}.`),
    '',
  ].join('\n');
}

function diagnostics(error: unknown, engine: Engine, state: DemoState, io: CliIO): string {
  const c = colours(io.stderr, io.env);
  const line = error instanceof EsdhError ? error.toLine() : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  const tail = existsSync(state.logPath) ? readFileSync(state.logPath, 'utf8').trimEnd().split('\n').slice(-8) : [];
  return [
    '',
    c.red(c.bold('Demo failed. Diagnostics:')),
    table([
      ['error', line],
      ['node', `${process.version} (${process.platform} ${process.arch})`],
      ['profile', state.profile],
      ['api port', state.port === undefined ? `${engine.config.api.port} (configured; not started)` : String(state.port)],
      ['last successful step', state.lastStep ?? '(none)'],
      ['server log', displayPath(state.logPath, io.cwd)],
    ]).trimEnd(),
    ...(tail.length ? ['  server log, last lines:', ...tail.map((l) => `    ${l}`)] : []),
    'Next: esdh doctor checks Node, the config, the port and the output folder.',
    '',
  ].join('\n');
}

function pauser(io: DemoIO, interactive: boolean): () => Promise<void> {
  if (!interactive) return async () => undefined;
  const stdin = io.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    io.stdout.write('--interactive: stdin is not a terminal, so the demo continues without pausing.\n');
    return async () => undefined;
  }
  let inputEnded = false;
  return () => new Promise<void>((resolveDone) => {
    if (io.signal?.aborted || inputEnded) return resolveDone();
    const rl = createInterface({ input: stdin, output: io.stdout as NodeJS.WritableStream });
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      io.signal?.removeEventListener('abort', done);
      rl.close();
      resolveDone();
    };
    io.signal?.addEventListener('abort', done, { once: true });
    rl.once('close', () => {
      if (settled) return;
      // stdin ended (Ctrl+D): stop pausing from here on.
      inputEnded = true;
      io.stdout.write('\n--interactive: stdin closed, so the demo continues without pausing.\n');
      done();
    });
    // readline takes Ctrl+C from a terminal for itself: hand it on at once, so the demo stops and cleans up.
    rl.once('SIGINT', () => {
      done();
      if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
      else process.kill(process.pid, 'SIGINT');
    });
    rl.question('  Press Enter to continue (Ctrl+C stops the demo)... ', done);
  });
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------- the server's pid/port files

/** The pid and port a background demo server left, if any. */
export function readDemoState(baseDir: string): { pid: number; port: number } | undefined {
  const pidPath = join(baseDir, PID_FILE);
  const portPath = join(baseDir, PORT_FILE);
  if (!existsSync(pidPath) || !existsSync(portPath)) return undefined;
  const pid = Number(readFileSync(pidPath, 'utf8').trim());
  const port = Number(readFileSync(portPath, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
}

function removeDemoState(baseDir: string): void {
  for (const file of DEMO_STATE_FILES) rmSync(join(baseDir, file), { force: true });
}

/** Whether a process with this pid exists (EPERM: exists, not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
async function stopServer(pid: number, baseDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 50) await sleep(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  removeDemoState(baseDir);
}

/** `esdh demo stop`. */
async function stopDemo(engine: Engine, io: CliIO): Promise<number> {
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
    io.stdout.write(`The demo server (pid ${state.pid}) had already stopped; removed ${PID_FILE} and ${PORT_FILE}.\n`);
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

/** `esdh demo samples`: the canned payloads, from an engine on the built-in config. */
async function writeSamples(args: ParsedArgs, io: CliIO): Promise<number> {
  const engine = await createEngine({ noConfigFile: true, env: {} });
  const dir = resolve(io.cwd, stringOption(args, 'out') ?? DEMO_SAMPLES_DIR);
  const files = await writeDemoSamples(engine, dir);
  io.stdout.write(`Wrote ${files.length} files to ${displayPath(dir, io.cwd)}/: ${files.join(', ')}\n`);
  return 0;
}
