/**
 * `esdh demo` in-process (its API server is a real child process on
 * 127.0.0.1): the walk-through, the busy-port fallback, --keep-server and
 * `esdh demo stop`, --interactive without a terminal, the diagnostics block,
 * and `esdh demo samples`. Every server and child is stopped after each test.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../../../adapters/transports/cli/main.js';
import { demoSampleFiles } from '../../../../adapters/transports/http/demo-samples.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { captureIO, testEngine } from '../http/helpers.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidsIn(output: string): number[] {
  return [...output.matchAll(/\(pid (\d+)/g)].map((m) => Number(m[1]));
}

async function waitUntilDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe('esdh demo', () => {
  const tempDir = useTempDirs('esdh-demo-');
  const started: number[] = [];
  const children: ChildProcess[] = [];
  const listeners: Server[] = [];

  /** A folder with a config whose API port is `port` (0: any free one). */
  function project(port = 0, api: Record<string, unknown> = {}): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.json'), JSON.stringify({ api: { port, ...api } }));
    return dir;
  }

  /** Remember every demo server pid a command printed, to stop it whatever the test did. */
  function track(output: string): void {
    started.push(...pidsIn(output));
  }

  afterEach(async () => {
    for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const server of listeners.splice(0)) await new Promise((r) => server.close(r));
  });

  it('@demo walks through all six steps with timings, falls back to a free port when the configured one is busy, and stops its server', async () => {
    const busy = createServer();
    listeners.push(busy);
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const busyPort = (busy.address() as { port: number }).port;
    const cwd = project(busyPort);
    const io = captureIO(cwd);

    const code = await runCli(['demo'], io);
    track(io.out());
    expect(code, io.out() + io.err()).to.equal(0);
    const out = io.out();
    for (let step = 1; step <= 6; step++) expect(out).to.contain(`STEP ${step}/6`);
    expect(out.match(/✓ done in \d/g)).to.have.length(6);
    expect(out).to.contain(`port ${busyPort} on 127.0.0.1 is busy, so the demo uses port`);
    expect(out).to.contain('POST /generate/person').and.contain('POST /generate/bundle');
    expect(out).to.contain('the API bundle equals engine.generate for the same seed');
    expect(out).not.to.contain('✗');
    expect(out).to.contain('===== Demo summary =====').and.contain('Synthetic marker  enterprise-synthetic-data-hub v0.1');
    expect(out).to.match(/Demo complete in [\d.]+ m?s/);

    const [pid] = pidsIn(out);
    expect(await waitUntilDead(pid!), 'the demo server was stopped').to.equal(true);
    expect(existsSync(join(cwd, '.demo_api_pid'))).to.equal(false);
    expect(existsSync(join(cwd, '.demo_api_port'))).to.equal(false);
    expect(readdirSync(join(cwd, 'data', 'demo_runs'))).to.include('latest_demo').and.include('demo_api.log');
  });

  it('--keep-server leaves the API running for esdh preview --use-api; esdh demo stop stops it and removes the pid/port files', async () => {
    const cwd = project(0);
    const io = captureIO(cwd);
    expect(await runCli(['demo', '--keep-server', '--skip-smoke'], io), io.err()).to.equal(0);
    track(io.out());
    expect(io.out()).to.contain('Smoke checks (skipped: --skip-smoke)').and.contain('still running');
    const pid = Number(readFileSync(join(cwd, '.demo_api_pid'), 'utf8'));
    const port = Number(readFileSync(join(cwd, '.demo_api_port'), 'utf8'));
    expect(isAlive(pid)).to.equal(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);

    const preview = captureIO(cwd);
    expect(await runCli(['preview', '--use-api', '--records', '2', '--preview', '1'], preview), preview.err()).to.equal(0);
    expect(preview.out()).to.contain(`API http://127.0.0.1:${port}/generate/bundle`);

    const stop = captureIO(cwd);
    expect(await runCli(['demo', 'stop'], stop), stop.err()).to.equal(0);
    expect(stop.out()).to.contain(`Stopped the demo server (pid ${pid}`);
    expect(await waitUntilDead(pid)).to.equal(true);
    expect(existsSync(join(cwd, '.demo_api_pid'))).to.equal(false);

    const again = captureIO(cwd);
    expect(await runCli(['demo', 'stop'], again)).to.equal(0);
    expect(again.out()).to.contain('No demo server is running');
  });

  it('--interactive with stdin that is not a terminal says so and does not wait', async () => {
    const cwd = project(0);
    const io = captureIO(cwd, {}, { stdin: { isTTY: false } });
    expect(await runCli(['demo', '--interactive', '--skip-smoke'], io), io.err()).to.equal(0);
    track(io.out());
    expect(io.out()).to.contain('--interactive: stdin is not a terminal, so the demo continues without pausing.');
  });

  it('a failing step prints the diagnostics block (node, profile, port, last successful step, log) and exits 1', async () => {
    const cwd = project(5000, { host: '0.0.0.0' }); // beyond loopback without a key: refused before any bind
    const io = captureIO(cwd);
    expect(await runCli(['demo'], io)).to.equal(1);
    track(io.out());
    const err = io.err();
    expect(err).to.contain('Demo failed. Diagnostics:');
    expect(err).to.contain('ESDH_ERR_SERVER_API_KEY_REQUIRED');
    expect(err).to.contain(process.version);
    expect(err).to.match(/profile\s+baseline/);
    expect(err).to.match(/api port\s+5000/);
    expect(err).to.match(/last successful step\s+STEP 1\/6 Generate the governed snapshot/);
    expect(err).to.contain('demo_api.log');
    expect(existsSync(join(cwd, '.demo_api_pid'))).to.equal(false);
  });

  it('esdh demo stop leaves alone a live process that is not an ESDH server, and clears stale files', async () => {
    const cwd = project(0);
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(stranger);
    const freeProbe = createServer();
    await new Promise<void>((r) => freeProbe.listen(0, '127.0.0.1', r));
    const nobodyPort = (freeProbe.address() as { port: number }).port;
    await new Promise((r) => freeProbe.close(r));
    writeFileSync(join(cwd, '.demo_api_pid'), `${stranger.pid}\n`);
    writeFileSync(join(cwd, '.demo_api_port'), `${nobodyPort}\n`);

    const io = captureIO(cwd);
    expect(await runCli(['demo', 'stop'], io)).to.equal(1);
    expect(io.err()).to.contain('was left alone');
    expect(isAlive(stranger.pid!)).to.equal(true);

    stranger.kill('SIGKILL');
    await waitUntilDead(stranger.pid!);
    const stale = captureIO(cwd);
    expect(await runCli(['demo', 'stop'], stale)).to.equal(0);
    expect(stale.out()).to.contain('had already stopped');
    expect(existsSync(join(cwd, '.demo_api_pid'))).to.equal(false);
  });

  it('esdh demo samples writes the canned payloads the drift test expects', async () => {
    const cwd = tempDir();
    const io = captureIO(cwd);
    expect(await runCli(['demo', 'samples', '--out', 'samples'], io), io.err()).to.equal(0);
    const expected = await demoSampleFiles(await testEngine());
    for (const [name, content] of Object.entries(expected)) expect(readFileSync(join(cwd, 'samples', name), 'utf8'), name).to.equal(content);
  });

  it('an unknown subcommand is a usage error', async () => {
    const io = captureIO(tempDir());
    expect(await runCli(['demo', 'start'], io)).to.equal(2);
    expect(io.err()).to.match(/^ESDH_ERR_USAGE: unknown demo subcommand 'start'/);
  });
});
