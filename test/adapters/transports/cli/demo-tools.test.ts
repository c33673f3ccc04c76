/**
 * The demo's companions: esdh preview (in-process and --use-api), esdh
 * validate, esdh doctor and esdh serve (in-process, and as a process that
 * SIGTERM stops gracefully). Servers listen on 127.0.0.1 port 0 only.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../../../adapters/transports/cli/main.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { captureIO, testEngine, useServers } from '../http/helpers.js';

describe('esdh preview, validate, doctor, serve', () => {
  const tempDir = useTempDirs('esdh-demo-tools-');
  const serve = useServers();
  const listeners: Server[] = [];
  afterEach(async () => {
    for (const server of listeners.splice(0)) await new Promise((r) => server.close(r));
  });

  async function busyPort(): Promise<number> {
    const server = createServer();
    listeners.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as { port: number }).port;
  }

  describe('esdh preview', () => {
    it('@demo shows metadata and the first N records of each entity, and the marker', async () => {
      const io = captureIO(tempDir());
      expect(await runCli(['preview', '--records', '3', '--preview', '2', '--seed', '5'], io), io.err()).to.equal(0);
      const out = io.out();
      expect(out).to.contain('ESDH preview').and.contain('in-process engine').and.contain('seed 5');
      expect(out).to.contain('metadata').and.contain('dataset_version');
      for (const plural of ['persons', 'vehicles', 'profiles']) expect(out).to.contain(`${plural} (3 records, showing 2)`);
      expect(out.match(/#2/g)).to.have.length(3);
      expect(out).not.to.contain('#3');
      expect(out).to.contain('Every record carries synthetic_source = "enterprise-synthetic-data-hub v0.1"');
      expect(out).not.to.contain('\u001b['); // no colour when not a terminal
    });

    it('--use-api shows the same payload as in-process for the same flags', async () => {
      const server = await serve(await testEngine());
      const cwd = tempDir();
      for (const endpoint of ['bundle', 'profile']) {
        const local = captureIO(cwd);
        const remote = captureIO(cwd);
        expect(await runCli(['preview', '--records', '4', '--seed', '9', '--endpoint', endpoint, '--json'], local), local.err()).to.equal(0);
        expect(await runCli(['preview', '--records', '4', '--seed', '9', '--endpoint', endpoint, '--json', '--use-api', '--api-url', server.url], remote), remote.err()).to.equal(0);
        expect(JSON.parse(remote.out()), endpoint).to.deep.equal(JSON.parse(local.out()));
      }
    });

    it('--use-api without a server is ESDH_ERR_API_UNREACHABLE with what to do', async () => {
      const port = await busyPort();
      await new Promise((r) => listeners.pop()!.close(r)); // a port nobody listens on now
      const io = captureIO(tempDir());
      expect(await runCli(['preview', '--use-api', '--api-url', `http://127.0.0.1:${port}`], io)).to.equal(1);
      expect(io.err()).to.match(/^ESDH_ERR_API_UNREACHABLE: No ESDH API answered at http:\/\/127\.0\.0\.1:\d+\/generate\/bundle/);
      expect(io.err()).to.contain('esdh serve');
    });

    it('an unknown endpoint is refused before anything is generated', async () => {
      const io = captureIO(tempDir());
      expect(await runCli(['preview', '--endpoint', 'unicorn'], io)).to.equal(2);
      expect(io.err()).to.match(/^ESDH_ERR_ENTITY_UNKNOWN/);
    });
  });

  describe('esdh validate', () => {
    it('@demo generates a fresh sample for the profile, verifies it and leaves nothing behind', async () => {
      const cwd = tempDir();
      const io = captureIO(cwd);
      expect(await runCli(['validate', '--profile', 'baseline'], io), io.out() + io.err()).to.equal(0);
      expect(io.out()).to.contain('profile baseline, 30 records, seed 42').and.contain('OK: every rule passed');
      expect(io.out()).to.contain('synthetic_source = "enterprise-synthetic-data-hub v0.1"');
      expect(existsSync(join(cwd, 'data'))).to.equal(false);
    });
  });

  describe('esdh doctor', () => {
    it('passes on a fresh folder: node, config, port, output folder, temp folders', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'esdh.config.json'), JSON.stringify({ api: { port: 0 } }));
      const io = captureIO(cwd);
      expect(await runCli(['doctor', '--json'], io), io.out()).to.equal(0);
      const report = JSON.parse(io.out()) as { ok: boolean; checks: Array<{ name: string; status: string }> };
      expect(report.ok).to.equal(true);
      expect(report.checks.map((c) => [c.name, c.status])).to.deep.equal([['node', 'ok'], ['config', 'ok'], ['api port', 'ok'], ['output folder', 'ok'], ['temp folders', 'ok']]);
    });

    it('a busy port is a warning with its fix; an invalid config fails with its fix', async () => {
      const port = await busyPort();
      const cwd = tempDir();
      writeFileSync(join(cwd, 'esdh.config.json'), JSON.stringify({ api: { port } }));
      const busy = captureIO(cwd);
      expect(await runCli(['doctor'], busy), busy.out()).to.equal(0);
      expect(busy.out()).to.contain(`127.0.0.1:${port} is in use`).and.contain('fix: stop that program, or choose another port: DEMO_API_PORT=5051');

      const bad = tempDir();
      writeFileSync(join(bad, 'esdh.config.json'), JSON.stringify({ api: { port: 'five thousand' } }));
      const broken = captureIO(bad);
      expect(await runCli(['doctor'], broken)).to.equal(1);
      expect(broken.out()).to.contain('ESDH_ERR_CONFIG_INVALID').and.contain('fix: ');
    });
  });

  describe('esdh serve', () => {
    it('in-process: listens on the port given, answers, and stops cleanly when aborted', async () => {
      const controller = new AbortController();
      const io = captureIO(tempDir(), {}, { signal: controller.signal });
      const running = runCli(['serve', '--port', '0', '--quiet'], io);
      for (let i = 0; i < 200 && !/listening on/.test(io.err()); i++) await new Promise((r) => setTimeout(r, 25));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.err())?.[1];
      expect(url, io.err()).to.be.a('string');
      expect((await fetch(`${url}/healthz`)).status).to.equal(200);
      controller.abort('SIGINT');
      expect(await running).to.equal(0);
      expect(io.err()).to.contain('Stopped.');
    });

    it('--port must be a port number', async () => {
      const io = captureIO(tempDir());
      expect(await runCli(['serve', '--port', 'http'], io)).to.equal(2);
      expect(io.err()).to.match(/^ESDH_ERR_OPTION_INVALID: Invalid --port "http"/);
    });

    it('as a process: SIGTERM lets the response in flight finish, then exits 0', async () => {
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), 'serve', '--port', '0', '--quiet'], { cwd: tempDir(), env: { PATH: process.env.PATH }, stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
        for (let i = 0; i < 400 && !/listening on/.test(stderr); i++) await new Promise((r) => setTimeout(r, 25));
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
        expect(url, stderr).to.be.a('string');
        const response = await fetch(`${url}/generate/bundle`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' }, body: JSON.stringify({ records: 20_000, seed: 3 }) });
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM'); // headers are in: the body is still streaming
        const text = await response.text();
        expect(text.trimEnd().split('\n')).to.have.length(60_000);
        expect(await exited).to.equal(0);
        expect(stderr).to.contain('Stopped.');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});
