/**
 * Stopping the server while an NDJSON stream runs: once the shutdown grace
 * (api.shutdown_timeout_ms, short here) is over, the stream ends with one
 * error line saying the server is shutting down, in our NDJSON error-line
 * format, after whole lines only; then the server closes. In-process with
 * close(), and for real: `node bin/esdh.js serve` in a child process on
 * 127.0.0.1, sent SIGTERM.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../../../adapters/transports/http/ports.js';
import { startServer } from '../../../../adapters/transports/http/server.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { testEngine, until } from './helpers.js';

interface StreamEnd {
  readonly status: number;
  readonly lines: string[];
}

/** POST an NDJSON bundle request, call `onFirstData` once, read to the end, and return the lines. */
function readStream(url: string, records: number, onFirstData: () => void): Promise<StreamEnd> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/generate/bundle`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' } }, (res) => {
      let text = '';
      let first = true;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (first) {
          first = false;
          onFirstData();
        }
        // Keep only the tail: the stream may be long.
        if (text.length > 1_000_000) text = text.slice(text.lastIndexOf('\n', text.length - 200_000) + 1);
      });
      res.on('end', () => resolve({ status: res.statusCode!, lines: text.split('\n') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ records, seed: 9 }));
  });
}

/** The stream ended with a newline, after whole lines, and its last line is the shutting-down error. */
function expectShutdownLine({ status, lines }: StreamEnd): void {
  expect(status).to.equal(200);
  expect(lines.at(-1), 'the stream ends with a newline').to.equal('');
  const body = lines.slice(0, -1);
  const last = JSON.parse(body.at(-1)!) as { error: { code: string; esdh_code: string; message: string } };
  expect(last.error).to.include({ code: 'unavailable', esdh_code: 'ESDH_ERR_SERVER_SHUTTING_DOWN' });
  expect(last.error.message).to.match(/shutting down: this stream ended after \d+ of 1000000 units/);
  // Every line before it is a whole record line.
  for (const line of body.slice(1, -1)) expect((JSON.parse(line) as { entity?: string }).entity).to.be.a('string');
}

describe('HTTP shutdown during an NDJSON stream', () => {
  const tempDir = useTempDirs();
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('close(): after the grace, a running stream ends with a shutting-down error line, then the server is closed', async () => {
    const server = await startServer(await testEngine(), { host: '127.0.0.1', port: 0, closeTimeoutMs: 200 });
    let closed: Promise<void> | undefined;
    try {
      const end = await readStream(server.url, 1_000_000, () => (closed = server.close()));
      expectShutdownLine(end);
      await closed;
    } finally {
      server.server.closeAllConnections();
      await server.close();
    }
  });

  it('SIGTERM to `esdh serve` (a child process): the stream ends with the shutting-down line, the process exits 0', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'esdh.config.json'), JSON.stringify({ api: { shutdown_timeout_ms: 300 } }));
    const port = await freePort('127.0.0.1');
    const proc = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--quiet', '--config', join(cwd, 'esdh.config.json')], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.stdout!.resume();
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await until(() => stderr.includes('listening on') || proc.exitCode !== null, 'the server to start', 20_000);
    expect(stderr).to.contain(`http://127.0.0.1:${port}`);

    const end = await readStream(`http://127.0.0.1:${port}`, 1_000_000, () => proc.kill('SIGTERM'));
    expectShutdownLine(end);
    expect(await exited, stderr).to.equal(0);
    expect(stderr).to.contain('Stopping').and.contain('Stopped.');
  });
});
