/**
 * The database flags of the CLI, without a database: `esdh load`, `run --to`
 * and `verify --db` refuse bad options before anything is generated, read or
 * contacted (a closed port would otherwise answer ESDH_ERR_DB_UNREACHABLE),
 * and their --help explains options, defaults and an example.
 */
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { freePort } from '../../../../../adapters/transports/http/ports.js';
import { esdh } from '../../../../helpers/cli.js';
import { useTempDirs } from '../../../../helpers/temp-dir.js';

describe('esdh load, run --to, verify --db: options', () => {
  const tempDir = useTempDirs('esdh-load-cli-');
  let closed = '';
  before(async () => {
    closed = `postgres://qa:secret-pw@127.0.0.1:${await freePort('127.0.0.1')}/test`;
  });

  it('--help of each explains the options, their defaults and an example', async () => {
    const load = (await esdh(['load', '--help'], tempDir())).stdout;
    expect(load).to.include('--to <url>').and.include('--schema <name>').and.include('(default public)').and.include('--if-exists <fail|replace|append>').and.include('fail and change nothing (default)');
    expect(load).to.include('one transaction').and.include('PGPASSWORD').and.include('Examples:').and.include('esdh load data/snapshots/v0.1 --to postgres://');
    const run = (await esdh(['run', '--help'], tempDir())).stdout;
    expect(run).to.include('--to <url>').and.include('a temporary folder removed afterwards').and.include('esdh run --profile heavy --seed 4 --to postgres://');
    const verify = (await esdh(['verify', '--help'], tempDir())).stdout;
    expect(verify).to.include('--db <url>').and.include('modulo 2^256').and.include('esdh verify --db postgres://');
    expect((await esdh(['--help'], tempDir())).stdout).to.match(/\n {2}load {2,}load a snapshot into PostgreSQL/);
  });

  it('load needs one folder and --to', async () => {
    expect((await esdh(['load', '--to', closed], tempDir())).stderr).to.match(/^ESDH_ERR_USAGE: load takes exactly one snapshot folder/);
    const missing = await esdh(['load', tempDir()], tempDir());
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^ESDH_ERR_USAGE: load needs --to <url>/);
  });

  it('refuses an unsafe schema, a bad --if-exists, a URL no target takes, before contacting anything', async () => {
    for (const [argv, code] of [
      [['load', tempDir(), '--to', closed, '--schema', 'a"b'], 'ESDH_ERR_DB_SCHEMA_NAME_INVALID'],
      [['load', tempDir(), '--to', closed, '--if-exists', 'overwrite'], 'ESDH_ERR_OPTION_INVALID'],
      [['load', tempDir(), '--to', 'mysql://qa:secret-pw@127.0.0.1/test'], 'ESDH_ERR_DB_URL_INVALID'],
      [['load', tempDir(), '--to', 'not a url'], 'ESDH_ERR_DB_URL_INVALID'],
      [['run', '--records', '3', '--to', closed, '--schema', 'DROP'], 'ESDH_ERR_DB_SCHEMA_NAME_INVALID'],
      [['verify', '--db', closed, '--schema', 'x;y', tempDir()], 'ESDH_ERR_DB_SCHEMA_NAME_INVALID'],
    ] as const) {
      const result = await esdh([...argv], tempDir());
      expect(result.code, argv.join(' ')).to.equal(2);
      expect(result.stderr, argv.join(' ')).to.match(new RegExp(`^${code}: `));
      expect(result.stderr).to.not.include('secret-pw');
    }
  });

  it('run --to checks the database before it generates: nothing is written when it does not answer', async () => {
    const dir = tempDir();
    const result = await esdh(['run', '--records', '5', '--to', closed, '--out', `${dir}/kept`], dir);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^ESDH_ERR_DB_UNREACHABLE: No database answered at postgres:\/\/qa:\*\*\*@127\.0\.0\.1:\d+\/test \(connect ECONNREFUSED/);
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('--schema and --if-exists go with --to (run) and --schema with --db (verify)', async () => {
    expect((await esdh(['run', '--records', '3', '--schema', 'x'], tempDir())).stderr).to.match(/^ESDH_ERR_USAGE: --schema and --if-exists go with --to <url>/);
    expect((await esdh(['verify', '--schema', 'x', tempDir()], tempDir())).stderr).to.match(/^ESDH_ERR_USAGE: --schema goes with --db <url>/);
  });
});
