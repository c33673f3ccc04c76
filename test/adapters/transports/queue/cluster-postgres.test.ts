/**
 * esdh cluster submit --to postgres://... on a real Redis (ESDH_TEST_REDIS_URL)
 * and a real PostgreSQL (ESDH_TEST_PG_URL), with worker processes
 * (bin/esdh.js): the target schema's tables read back, row for row and in
 * order, as those of a single `esdh run --to` with the same options, with the
 * same keys; a worker killed with SIGKILL mid-shard leaves no row behind (its
 * shard's staging schema is not there until another attempt commits it) and
 * the result is still equal; a resubmit adds nothing; --if-exists fail on a
 * table of the run refuses at submit, and at the swap leaves the target
 * untouched; wrong URLs are one clear line, the password never printed.
 */
import { expect } from 'chai';
import { esdh } from '../../../helpers/cli.js';
import { usePostgres, type TestPostgres } from '../../../helpers/postgres.js';
import { useRedis } from '../../../helpers/redis.js';
import { startTcpProxy } from '../../../helpers/tcp-proxy.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { jobCount, queuedRunId, useWorkers, waitFor } from './cluster-helpers.js';

const RUN = ['--records', '301', '--seed', '11', '--format', 'csv,json,ndjson'];
const STALL = ['--stall-ms', '1500'];
const TABLES = ['persons', 'vehicles', 'profiles'];

interface StatusJson {
  to?: string;
  merge: { state: string; result?: { tables?: Record<string, number> } };
  shards: { index: number; state: string; attemptsStarted: number; stalledCounter: number }[];
}

/** Every row of each table, in the order a scan (and readback.ts's COPY TO) returns them. */
async function tableRows(pg: TestPostgres, schema: string, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = (await pg.query(`SELECT * FROM "${schema}"."${table}"`)).rows;
  return out;
}

/** The schema's keys and indexes, with the schema's name taken out. */
async function keysOf(pg: TestPostgres, schema: string): Promise<string[]> {
  const constraints = await pg.query<{ line: string }>("SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line FROM pg_constraint WHERE connamespace = $1::regnamespace ORDER BY 1", [schema]);
  const indexes = await pg.query<{ line: string }>('SELECT indexname || \' \' || indexdef AS line FROM pg_indexes WHERE schemaname = $1 ORDER BY 1', [schema]);
  return [...constraints.rows, ...indexes.rows].map((r) => r.line.split(`${schema}.`).join('S.'));
}

describe('esdh cluster submit --to postgres:// (BullMQ on Redis, PostgreSQL)', function () {
  this.timeout(120_000);
  const redis = useRedis();
  const pg = usePostgres();
  const tempDir = useTempDirs('esdh-cluster-pg-');
  const workers = useWorkers();
  const runs: string[] = [];
  /** Staging schemas of a run that exist. */
  const stages = async (runId: string) => (await pg.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1', [`esdh_stage_${runId}%`])).rows.map((r) => r.nspname);
  afterEach(async () => {
    // A failed test's staging schemas (a passing run drops its own).
    for (const runId of runs.splice(0)) for (const stage of await stages(runId)) await pg.query(`DROP SCHEMA "${stage}" CASCADE`);
  });
  const runIdOf = (stdout: string) => {
    const runId = queuedRunId(stdout);
    runs.push(runId);
    return runId;
  };

  /** `esdh run --to` with the same options into `schema`: the reference. */
  async function singleRun(cwd: string, options: string[], schema: string): Promise<void> {
    const result = await esdh(['run', ...options, '--to', pg.url, '--schema', schema, '--quiet'], cwd);
    expect(result.code, result.stderr).to.equal(0);
  }

  async function expectSameAsSingle(cwd: string, options: string[], schema: string, tables = TABLES): Promise<void> {
    const single = pg.schema('single');
    await singleRun(cwd, options, single);
    expect(await tableRows(pg, schema, tables)).to.deep.equal(await tableRows(pg, single, tables));
    expect(await keysOf(pg, schema)).to.deep.equal(await keysOf(pg, single));
  }

  it('two worker processes load the tables of the single esdh run --to, row for row; no staging schema stays; a resubmit adds nothing', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('pg-two');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    const schema = pg.schema('cluster');
    workers.start([...queue, ...STALL], cwd);
    workers.start([...queue, ...STALL], cwd);
    const submit = ['cluster', 'submit', ...queue, ...RUN, '--shards', '3', '--to', pg.url, '--schema', schema];
    const submitted = await esdh([...submit, '--wait'], cwd);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const runId = runIdOf(submitted.stdout);
    expect(submitted.stdout).to.include(`into ${pg.url.replace(/:[^:@/]+@/, ':***@')}, schema ${schema} (staged in esdh_stage_${runId}_*, swapped in at the end)`);
    expect(submitted.stdout).to.match(/persons +301 rows/).and.include('counted and swapped in one transaction, committed');
    expect(submitted.stdout + submitted.stderr).to.not.include(new URL(pg.url).password);
    await expectSameAsSingle(cwd, RUN, schema);
    expect(await stages(runId), 'the swap dropped the staging schemas').to.deep.equal([]);

    const status = await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd);
    const json = JSON.parse(status.stdout) as StatusJson;
    expect(json.to).to.equal(`${pg.url.replace(/:[^:@/]+@/, ':***@')}, schema ${schema}`);
    expect(json.shards.map((s) => s.state)).to.deep.equal(['completed', 'completed', 'completed']);
    expect(json.merge.result?.tables).to.deep.equal({ persons: 301, vehicles: 301, profiles: 301 });
    const shown = await esdh(['cluster', 'status', runId, ...queue], cwd);
    expect(shown.stdout).to.include('shards: 3 completed; swap: completed').and.match(/count \+ swap +completed/);

    const again = await esdh(submit, cwd);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`^Run ${runId} is complete already: loaded into .*, schema ${schema} \\(nothing was added\\)`));
    expect(await jobCount(redis.url, prefix, 'esdh'), 'three shard jobs, once').to.equal(3);
    expect(await jobCount(redis.url, prefix, 'esdh-merge'), 'the swap job, once').to.equal(1);
    expect(await pg.count(schema, 'persons')).to.equal(301);
  });

  it('a worker killed with SIGKILL while its shard\'s load transaction is open leaves no row: the shard is staged again by another worker, and the tables still equal esdh run --to', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('pg-kill');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    const schema = pg.schema('killed');
    // A shard's load transaction is open for a few hundred ms: long enough to be seen and killed.
    const options = ['--records', '2000', '--seed', '5', '--format', 'csv,ndjson'];
    // Generating a shard keeps the event loop busy for up to a second or so here: a lock that outlasts it.
    const stall = ['--stall-ms', '3000'];
    const submit = ['cluster', 'submit', ...queue, ...options, '--shards', '2', '--to', pg.url, '--schema', schema];
    const submitted = await esdh(submit, cwd);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const runId = runIdOf(submitted.stdout);
    const doomed = workers.start([...queue, ...stall], cwd);
    // Mid-load: a load connection with a transaction that has written (created its schema, its tables, rows).
    const backend = await waitFor('a shard load under way', 60_000, async () => {
      if (doomed.child.exitCode !== null) throw new Error(`the worker exited: ${doomed.stderr()}`);
      // This run's loads only (their statements name its staging schemas): other test files may be loading meanwhile.
      const open = await pg.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'esdh load' AND backend_xid IS NOT NULL AND datname = current_database() AND query LIKE $1",
        [`%esdh_stage_${runId}_%`],
      );
      return open.rows[0]?.pid;
    }, () => doomed.stderr());
    doomed.child.kill('SIGKILL');
    const [, signal] = await doomed.exited;
    expect(signal).to.equal('SIGKILL');
    await waitFor('the server to end the dead connection', 20_000, async () => ((await pg.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend])).rowCount === 0 ? true : undefined));
    // What the dead attempt wrote is gone: only shards whose jobs completed have a staging schema.
    const status = JSON.parse((await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd)).stdout) as StatusJson;
    const completed = status.shards.filter((s) => s.state === 'completed').map((s) => `esdh_stage_${runId}_${s.index}`);
    expect(completed.length, 'the kill came before the last shard finished').to.be.below(2);
    expect(await stages(runId), 'no schema, table or row of the killed attempt').to.deep.equal(completed);

    workers.start([...queue, ...stall], cwd);
    const waited = await esdh([...submit, '--wait'], cwd);
    expect(waited.code, waited.stderr).to.equal(0);
    expect(waited.stdout).to.include(`Run ${runId} is queued already`);
    await expectSameAsSingle(cwd, options, schema);
    expect(await stages(runId)).to.deep.equal([]);
    const json = JSON.parse((await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd)).stdout) as StatusJson;
    expect(json.shards.some((s) => s.stalledCounter >= 1), JSON.stringify(json.shards)).to.equal(true);
  });

  it('--if-exists fail: a table of the run in the schema refuses the submit; one that appears before the swap fails the run and leaves the target untouched; --if-exists replace then swaps', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('pg-exists');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    const schema = pg.schema('exists');
    await pg.query(`CREATE SCHEMA "${schema}"`);
    await pg.query(`CREATE TABLE "${schema}"."vehicles" (mine text)`);
    await pg.query(`INSERT INTO "${schema}"."vehicles" VALUES ('kept')`);
    const submit = ['cluster', 'submit', ...queue, ...RUN, '--shards', '2', '--to', pg.url, '--schema', schema, '--attempts', '1'];
    const refused = await esdh(submit, cwd);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(new RegExp(`^ESDH_ERR_DB_TABLE_EXISTS: Table "${schema}"\\."vehicles" \\(in postgres://[^:]+:\\*\\*\\*@[^)]+\\) already exists: `));
    expect(refused.stderr).to.not.include(new URL(pg.url).password);
    expect((await redis.keys(prefix)).filter((k) => !k.endsWith(':meta')), 'nothing was queued').to.deep.equal([]);

    // The table goes, the run is queued; it is back before the workers reach the swap.
    await pg.query(`ALTER TABLE "${schema}"."vehicles" SET SCHEMA public`);
    const queued = await esdh(submit, cwd);
    expect(queued.code, queued.stderr).to.equal(0);
    const runId = runIdOf(queued.stdout);
    await pg.query(`ALTER TABLE public."vehicles" SET SCHEMA "${schema}"`);
    workers.start([...queue, ...STALL], cwd);
    const failed = await esdh([...submit, '--wait'], cwd);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.match(new RegExp(`^ESDH_ERR_CLUSTER_RUN_FAILED: Run ${runId} failed: swap: ESDH_ERR_DB_TABLE_EXISTS: Table "${schema}"\\."vehicles" .*Nothing was loaded`, 'm'));
    const tables = await pg.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    expect(tables.rows.map((r) => r.table_name), 'the target is untouched').to.deep.equal(['vehicles']);
    expect((await pg.query(`SELECT mine FROM "${schema}"."vehicles"`)).rows).to.deep.equal([{ mine: 'kept' }]);
    expect(await stages(runId), 'the staged shards are kept for the next attempt').to.have.length(2);

    const replaced = await esdh([...submit.slice(0, -2), '--if-exists', 'replace', '--wait'], cwd);
    expect(replaced.code, replaced.stderr).to.equal(0);
    expect(replaced.stdout).to.include(`Queued run ${runId} again (it had failed)`);
    await expectSameAsSingle(cwd, RUN, schema);
    expect(await stages(runId)).to.deep.equal([]);
  });

  it('a wrong database URL, a server that is not there, and wrong options are one clear line each, and nothing is queued', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('pg-wrong');
    const base = ['cluster', 'submit', '--redis', redis.url, '--prefix', prefix, '--records', '10', '--shards', '2'];
    const proxy = await startTcpProxy('127.0.0.1', 9);
    await proxy.cut();
    const cases: [string[], RegExp][] = [
      [['--to', 'mysql://qa:secret@127.0.0.1/db'], /^ESDH_ERR_DB_URL_INVALID: Database URL mysql:\/\/qa:\*\*\*@127\.0\.0\.1\/db cannot be used: no registered target takes the scheme 'mysql'/],
      [['--to', 'qa:secret@127.0.0.1'], /^ESDH_ERR_DB_URL_INVALID: Database URL .* cannot be used: it is not a URL/],
      [['--to', `postgres://qa:secret@127.0.0.1:${proxy.port}/db`], new RegExp(`^ESDH_ERR_DB_UNREACHABLE: No database answered at postgres://qa:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port}/db \\(.*ECONNREFUSED.*\\): `)],
      [['--to', pg.url, '--schema', 'Bad-Name'], /^ESDH_ERR_DB_SCHEMA_NAME_INVALID: /],
      [['--to', pg.url, '--if-exists', 'append'], /^ESDH_ERR_OPTION_INVALID: .*--if-exists.*expected fail or replace \(default fail\): a cluster run swaps all of its tables in at once/],
      [['--to', pg.url, '--out', 'x'], /^ESDH_ERR_USAGE: give --out <dir> \(a shared folder\) or --to <url> \(a database\), not both/],
      [['--schema', 'qa'], /^ESDH_ERR_USAGE: --schema and --if-exists go with --to <url>/],
      [['--to', pg.url, '--verify', 'full'], /^ESDH_ERR_USAGE: --verify goes with --out/],
    ];
    for (const [argv, expected] of cases) {
      const result = await esdh([...base, ...argv], cwd);
      expect(result.code, argv.join(' ')).to.be.oneOf([1, 2]);
      expect(result.stderr, argv.join(' ')).to.match(expected);
      expect(result.stderr.split('\n').filter(Boolean), 'one line').to.have.length(1);
      expect(result.stderr).to.not.include('secret');
    }
    expect(await redis.keys(prefix), 'nothing was queued').to.deep.equal([]);
  });
});
