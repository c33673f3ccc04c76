/**
 * The README's curl examples work as written: every `curl` line of its ```sh
 * blocks is run with the real curl against a server on 127.0.0.1 (only the
 * host, port and any API key substituted), in a temporary folder, and gives
 * a 2xx with the output the README describes: no error body, and for NDJSON
 * one record per line.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { testEngine, useServers } from './helpers.js';

const run = promisify(execFile);

/** The curl command lines of the README's ```sh blocks (continuations joined, trailing comments dropped). */
function readmeCurlCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#[^'"]*$/, '').trim())
    .filter((line) => /^curl\s/.test(line));
}

/** The command aimed at our server: localhost:5000 / http://host:5000 → 127.0.0.1:<port>, the demo key → ours; headers to a file. */
function localize(command: string, port: number, headersFile: string): string {
  return command
    .replace(/(https?:\/\/)?(localhost|host|127\.0\.0\.1):5000/g, `http://127.0.0.1:${port}`)
    .replace(/change-me/g, 'test-key')
    .replace(/^curl\s/, `curl -D ${headersFile} `);
}

describe('README curl examples (real curl, server on 127.0.0.1)', () => {
  const serve = useServers();
  const tempDir = useTempDirs();
  const commands = readmeCurlCommands(readFileSync(join(packageRoot(), 'README.md'), 'utf8'));

  it('the README has curl examples, the NDJSON one with a JSON content type', () => {
    expect(commands.length).to.be.at.least(3);
    const ndjson = commands.filter((c) => /x-ndjson/i.test(c));
    expect(ndjson).to.not.be.empty;
    for (const command of ndjson) expect(command, command).to.match(/content-type: application\/json/i);
  });

  it('each one answers 2xx with the documented output', async () => {
    const server = await serve(await testEngine());
    const cwd = tempDir();
    for (const [i, command] of commands.entries()) {
      const headersFile = join(cwd, `headers-${i}.txt`);
      const local = localize(command, server.port, headersFile);
      const { stdout } = await run('sh', ['-c', local], { cwd, maxBuffer: 256 * 1024 * 1024 });
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(readFileSync(headersFile, 'utf8'))?.[1]);
      expect(status, command).to.be.within(200, 299);
      const target = /\s>\s*(\S+)\s*$/.exec(command)?.[1];
      const output = target ? readFileSync(join(cwd, target), 'utf8') : stdout;
      const path = /127\.0\.0\.1:\d+(\/[^\s'"]*)/.exec(local)![1]!;
      const body = /-d\s+'([^']*)'/.exec(command)?.[1];
      const records = body === undefined ? undefined : (JSON.parse(body) as { records?: number }).records;
      if (/x-ndjson/i.test(command)) {
        const lines = output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(lines.some((l) => 'error' in l), command).to.equal(false);
        if (path === '/generate/bundle') for (const line of lines) expect(line).to.have.keys('entity', 'record');
        else expect(lines, command).to.have.length(records ?? 5);
        continue;
      }
      const json = JSON.parse(output) as Record<string, unknown>;
      expect(json, command).to.not.have.property('error');
      if (path === '/healthz') expect(json.status).to.equal('ok');
      if (path.startsWith('/generate/')) {
        expect(json).to.have.property('metadata');
        if (records !== undefined) expect(json.records_requested).to.equal(records);
        const seed = body === undefined ? undefined : (JSON.parse(body) as { seed?: number }).seed;
        if (seed !== undefined) expect(json.seed).to.equal(seed);
      }
    }
  });
});
