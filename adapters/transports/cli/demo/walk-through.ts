import { join, resolve } from 'node:path';
import { type Bundle, type Engine, esdhError, packageRoot, tempPathFor } from '../../../../engine/index.js';
import { callApi, expectOk, type ApiTarget } from '../../http/client.js';
import { stringOption, type ParsedArgs } from '../command.js';
import { checkLatestLink, LATEST_LINK, publishStagedRun, runFolderName } from '../demo-runs.js';
import { colours, displayPath } from '../format.js';
import { renderPreview } from '../preview-render.js';
import { chooseServerPort, spawnServer, stopLeftoverServer, stopServer, waitForHealth } from './background-server.js';
import { pauser, type PauseIO } from './pause.js';
import { formatMs, indent, renderDiagnostics, renderSummary } from './render.js';
import { apiUrl } from './server-url.js';
import { smokeChecks } from './smoke-checks.js';
import { DEMO_LOG_FILE, removeDemoState, writeDemoState } from './state-files.js';
import type { WalkThroughState } from './walk-through-state.js';

/** Records per API call in the walk-through: enough to show, quick to check. */
const API_RECORDS = 3;
const STEPS = 6;

/** `esdh demo`: the six steps, each timed; 0 when all passed, 1 (with diagnostics on stderr) when one failed. */
export async function runDemo(engine: Engine, args: ParsedArgs, io: PauseIO): Promise<number> {
  const c = colours(io.stdout, io.env);
  const started = performance.now();
  const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  const plan = engine.plan({ profile: stringOption(args, 'profile') });
  const state: WalkThroughState = { profile: plan.profile, plan, logPath: join(runsDir, DEMO_LOG_FILE), timings: [] };
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
      // As esdh run does: written under a temporary name, claimed whole, so two demos never collide.
      checkLatestLink(runsDir);
      const name = runFolderName(plan.profile, new Date());
      const staged = await engine.run({ profile: plan.profile, seed: plan.seed, randomize: false, out: tempPathFor(join(runsDir, name)), signal: io.signal });
      const { dir } = await publishStagedRun(runsDir, staged.dir, name, engine.config.output.keep_runs);
      const result = { ...staged, dir };
      state.snapshotDir = result.dir;
      state.counts = Object.entries(result.manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ');
      io.stdout.write(`  wrote ${displayPath(result.dir, io.cwd)}/ (${state.counts}); ${displayPath(join(runsDir, LATEST_LINK), io.cwd)} points at it\n`);
    });

    await step('Start the API server in the background', async () => {
      await stopLeftoverServer(engine, io);
      const { host } = engine.config.api;
      const port = await chooseServerPort(engine.config.api, io);
      state.port = port;
      state.url = apiUrl(host, port);
      state.server = spawnServer(args, io, host, port, state.logPath);
      writeDemoState(engine.config.baseDir, state.server.pid!, port);
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
      await step('Smoke checks', () => smokeChecks(engine, { plan, snapshotDir: state.snapshotDir! }, target(), bundle as Bundle, body, io));
    }

    keepServer = Boolean(args.values['keep-server']);
    io.stdout.write(renderSummary(engine, state, io, keepServer, performance.now() - started));
    return 0;
  } catch (error) {
    if (io.signal?.aborted) throw error;
    io.stderr.write(renderDiagnostics(error, engine, state, io));
    return 1;
  } finally {
    process.off('SIGHUP', onHangup);
    if (!keepServer && state.server) await stopServer(state.server.pid!, engine.config.baseDir);
  }
}
