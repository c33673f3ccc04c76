/**
 * What a command loads: `esdh run --format csv,ndjson` starts without the
 * packages only other commands or formats need (PostgreSQL's driver, the
 * Parquet writer and reader, SQLite, the CSV parser, YAML, json-schema-to-typescript
 * with prettier, Koa, BullMQ, and faker, which no built-in plugin reads), so every run does not pay for loading them;
 * and a command that needs one still loads it. A child process records every
 * module it loads through a module.register hook.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

const DEFERRED = ['@faker-js/faker', 'pg', 'pg-copy-streams', 'hyparquet', 'hyparquet-writer', 'better-sqlite3', 'fast-csv', 'yaml', 'json-schema-to-typescript', 'prettier', 'koa', 'bullmq', 'ioredis'];

/** The packages (under node_modules) whose modules `esdh <argv>` loaded. */
function packagesLoaded(dir: string, argv: string[]): Set<string> {
  const log = join(dir, 'loaded.txt');
  const hook = join(dir, 'hook.mjs');
  writeFileSync(hook, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(packageRoot(), 'bin', 'esdh.js'), ...argv], { cwd: dir, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).to.equal(0);
  const packages = new Set<string>();
  for (const url of readFileSync(log, 'utf8').split('\n')) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match) packages.add(match[1]!);
  }
  return packages;
}

describe('esdh: what a command loads', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-startup-');

  it('esdh run --format csv,ndjson loads none of the packages other commands and formats need', () => {
    const dir = tempDir();
    const loaded = packagesLoaded(dir, ['run', '--records', '2', '--format', 'csv,ndjson', '--out', join(dir, 'out'), '--quiet']);
    expect(loaded.has('ajv'), 'the hook saw the packages a run does load').to.equal(true);
    expect(DEFERRED.filter((name) => loaded.has(name))).to.deep.equal([]);
  });

  it('a command that needs one loads it: --format parquet,sqlite their writers, verify the CSV parser and the readers', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect([...packagesLoaded(dir, ['run', '--records', '2', '--format', 'csv,parquet,sqlite', '--out', out, '--quiet'])]).to.include.members(['hyparquet-writer', 'better-sqlite3']);
    expect([...packagesLoaded(dir, ['verify', out, '--quiet'])]).to.include.members(['fast-csv', 'hyparquet', 'better-sqlite3']);
  });
});
