/**
 * The last step of a sharded load (`esdh cluster submit --to`): every shard
 * was loaded by `loadSnapshot` into a staging schema of its own (its tables,
 * keys and row counts exactly what `esdh run --to` makes of that shard), and
 * this joins them and swaps the result into the target schema in ONE
 * transaction: in the run's staging schema, each table is created like the
 * first shard's (LIKE: columns, NOT NULL, CHECKs) and takes every shard's rows
 * in shard order with COPY (binary, table to table; a table new in the
 * transaction gets its rows appended in the order sent, as a single load's),
 * then the first shard's keys and indexes are added under their names (each
 * built once over all rows), every table's rows are counted against what the
 * shards' manifests say, then `--if-exists` is applied to the target
 * (fail: refuse when a table exists; replace: drop them), the tables are
 * moved into it (ALTER TABLE ... SET SCHEMA keeps their keys, indexes and
 * names) and the staging schemas are dropped. COMMIT only then; any failure
 * rolls back and leaves the target as it was (the staging schemas too).
 */
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { esdhError, EsdhError, redactUrl } from '../../../engine/kit.js';
import { quoteIdent } from '../sql/index.js';
import { connect, connectError, copyStreams, isConnectionError, serverReason } from './connect.js';
import { LOAD_APPLICATION } from './load-snapshot.js';
import { checkSchemaName, qualified } from './schema-name.js';

/** What a staged load becomes. */
export interface PromoteOptions {
  readonly url: string;
  /** The target schema (created when missing). */
  readonly schema: string;
  /** The shards' staging schemas, in shard order. */
  readonly stages: readonly string[];
  /** The run's staging schema, where the joined tables are built before they move into `schema`. */
  readonly into: string;
  /** Rows each table must hold in the end (table → rows), from the shards' manifests. */
  readonly expected: Readonly<Record<string, number>>;
  /** Tables of the target that exist already: refuse (`fail`) or drop them (`replace`). */
  readonly ifExists: 'fail' | 'replace';
  /** For messages: the run whose shards these are. */
  readonly runId: string;
}

export interface PromoteResult {
  /** The URL with its password hidden. */
  readonly target: string;
  readonly namespace: string;
  /** Each table (bare name) and its rows, in the order of `expected`. */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

/** Tables of `tables` that exist in `schema`. */
async function existing(client: pg.Client, schema: string, tables: readonly string[]): Promise<string[]> {
  const result = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[])', [schema, tables]);
  const found = new Set(result.rows.map((r) => r.table_name));
  return tables.filter((t) => found.has(t));
}

function tableExists(schema: string, found: readonly string[], where: string): EsdhError {
  return esdhError('ESDH_ERR_DB_TABLE_EXISTS', `${qualified(schema, found[0]!)} (in ${where}${found.length > 1 ? `, with ${found.length - 1} more of the run's tables` : ''})`);
}

/**
 * Before a run is queued with `--if-exists fail`: refuse when a table of the
 * run exists in the target schema (ESDH_ERR_DB_TABLE_EXISTS), so nobody
 * waits for shards that cannot be swapped in. The last step checks again.
 */
export async function checkTablesFree(url: string, schema: string, tables: readonly string[]): Promise<void> {
  const name = checkSchemaName(schema);
  const where = redactUrl(url);
  const client = await connect(url, LOAD_APPLICATION);
  try {
    const found = await existing(client, name, tables);
    if (found.length > 0) throw tableExists(name, found, where);
  } catch (error) {
    if (error instanceof EsdhError) throw error;
    throw esdhError('ESDH_ERR_DB_READ_FAILED', where, `the look-up of existing tables in schema ${name}`, serverReason(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Join the staged shards and swap them into the target (see the file comment). */
export async function promoteStaged(options: PromoteOptions): Promise<PromoteResult> {
  const schema = checkSchemaName(options.schema);
  for (const stage of options.stages) checkSchemaName(stage);
  const where = redactUrl(options.url);
  const tables = Object.keys(options.expected);
  const [first] = options.stages;
  checkSchemaName(options.into);
  if (first === undefined) throw esdhError('ESDH_ERR_CLUSTER_STAGE_INVALID', options.runId, `schema ${schema} (in ${where})`, 'the run has no shards');
  const invalid = (why: string) => esdhError('ESDH_ERR_CLUSTER_STAGE_INVALID', options.runId, `schema ${schema} (in ${where})`, why);
  const client = await connect(options.url, LOAD_APPLICATION);
  let step = 'BEGIN';
  const run = async (what: string, sql: string, params?: unknown[]) => {
    step = what;
    return client.query(sql, params);
  };
  try {
    await run('BEGIN', 'BEGIN');
    // The same lock as a single load of this schema: one load (or swap) into it at a time.
    await run('the advisory lock of the schema', 'SELECT pg_advisory_xact_lock(hashtext($1))', [`esdh.load:${schema}`]);
    // Rows are read in the order they were written (no scan starts mid-table to join another).
    await run('SET LOCAL synchronize_seqscans', 'SET LOCAL synchronize_seqscans = off');
    for (const stage of options.stages) {
      const found = await run(`the look-up of the tables of ${stage}`, "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [stage]);
      const names = new Set(found.rows.map((r: { table_name: string }) => r.table_name));
      if (names.size === 0) throw invalid(`the staging schema ${stage} is missing or empty`);
      const missing = tables.filter((t) => !names.has(t));
      const extra = [...names].filter((t) => !(t in options.expected));
      if (missing.length > 0 || extra.length > 0) throw invalid(`${stage} holds ${[...missing.map((t) => `no table ${t}`), ...extra.map((t) => `a table ${t} no shard reported`)].join(', ')}`);
    }

    // The run's tables, new in this transaction (so COPY appends their rows in the order sent, as a single load's),
    // built like the first shard's: columns, NOT NULL and CHECKs now, keys and indexes under their names once the rows are in.
    await run(`DROP SCHEMA ${options.into}`, `DROP SCHEMA IF EXISTS ${quoteIdent(options.into)} CASCADE`);
    await run(`CREATE SCHEMA ${options.into}`, `CREATE SCHEMA ${quoteIdent(options.into)}`);
    await run('SET LOCAL search_path', `SET LOCAL search_path TO ${quoteIdent(first)}`);
    const constraints = (await run(`the keys of ${first}`, "SELECT (SELECT t.relname FROM pg_class t WHERE t.oid = c.conrelid) AS tbl, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c WHERE c.connamespace = $1::regnamespace AND c.contype IN ('p', 'u', 'f') ORDER BY c.contype = 'f', c.oid", [first])).rows as { tbl: string; conname: string; def: string }[];
    const indexes = (await run(`the indexes of ${first}`, 'SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = $1::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY i.indexrelid', [first])).rows as { def: string }[];
    await run('SET LOCAL search_path', `SET LOCAL search_path TO ${quoteIdent(options.into)}`);
    const { from: copyFrom, to: copyTo } = await copyStreams();
    const reader = await connect(options.url, LOAD_APPLICATION);
    try {
      await reader.query('SET synchronize_seqscans = off');
      for (const table of tables) {
        await run(`CREATE TABLE ${qualified(options.into, table)}`, `CREATE TABLE ${qualified(options.into, table)} (LIKE ${qualified(first, table)} INCLUDING ALL EXCLUDING INDEXES)`);
        for (const stage of options.stages) {
          step = `copying ${qualified(stage, table)} into ${qualified(options.into, table)}`;
          const source = reader.query(copyTo(`COPY ${qualified(stage, table)} TO STDOUT (FORMAT binary)`));
          const sink = client.query(copyFrom(`COPY ${qualified(options.into, table)} FROM STDIN (FORMAT binary)`));
          await pipeline(source, sink);
        }
      }
    } finally {
      await reader.end().catch(() => undefined);
    }
    for (const key of constraints) await run(`the key ${key.conname} of ${key.tbl}`, `ALTER TABLE ${quoteIdent(key.tbl)} ADD CONSTRAINT ${quoteIdent(key.conname)} ${key.def}`);
    for (const index of indexes) await run('an index', index.def.replace(` ON ${first}.`, ` ON ${quoteIdent(options.into)}.`));

    const counted: { table: string; rows: number }[] = [];
    for (const table of tables) {
      const result = await run(`counting the rows of ${qualified(options.into, table)}`, `SELECT count(*) AS n FROM ${qualified(options.into, table)}`);
      const rows = Number((result.rows[0] as { n: string }).n);
      if (rows !== options.expected[table]) throw invalid(`table ${table} holds ${rows} rows once the shards are joined, but the shards' manifests say ${options.expected[table]}`);
      counted.push({ table, rows });
    }

    const target = await run(`the look-up of schema ${schema}`, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (target.rowCount === 0) await run(`CREATE SCHEMA ${schema}`, `CREATE SCHEMA ${quoteIdent(schema)}`);
    step = `the look-up of existing tables in schema ${schema}`;
    const found = await existing(client, schema, tables);
    if (found.length > 0 && options.ifExists === 'fail') throw tableExists(schema, found, where);
    if (found.length > 0) await run(`DROP TABLE of the existing tables in ${schema}`, `DROP TABLE ${found.map((t) => qualified(schema, t)).join(', ')}`);
    for (const table of tables) await run(`moving ${qualified(options.into, table)} into schema ${schema}`, `ALTER TABLE ${qualified(options.into, table)} SET SCHEMA ${quoteIdent(schema)}`);
    for (const stage of [options.into, ...options.stages]) await run(`DROP SCHEMA ${stage}`, `DROP SCHEMA ${quoteIdent(stage)} CASCADE`);
    await run('COMMIT', 'COMMIT');
    return { target: where, namespace: schema, tables: counted };
  } catch (error) {
    if (!isConnectionError(error)) await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof EsdhError) throw error;
    if ((error as { code?: string }).code?.startsWith('28')) throw connectError(error, options.url, '(the connected user)');
    throw esdhError('ESDH_ERR_DB_LOAD_FAILED', where, step, serverReason(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

