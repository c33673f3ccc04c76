/**
 * A snapshot into PostgreSQL in ONE transaction: the schema (created when
 * missing), the tables in dependency order (DDL from the JSON Schemas and the
 * plugins' keys, ../sql), every entity's records streamed with COPY, then
 * the foreign keys and their indexes, and each table's row count checked
 * against the manifest's; COMMIT only then. Any failure → ROLLBACK; a killed
 * process drops the connection, and the server rolls back. Nothing of a
 * failed load remains: no schema, no table, no row.
 */
import type pg from 'pg';
import { esdhError, EsdhError, redactUrl, type ExportEntity, type IfExists, type LoadedTable, type LoadSource, type TargetLoadOptions, type TargetLoadResult } from '../../../engine/kit.js';
import { createIndexes, createTable, dependencyOrder, foreignKeys, quoteIdent, tableName } from '../sql/index.js';
import { connect, connectError, isConnectionError, serverReason } from './connect.js';
import { copyRows } from './copy-rows.js';
import { checkSchemaName, qualified } from './schema-name.js';

/** The application_name of a load's connection (what pg_stat_activity shows). */
export const LOAD_APPLICATION = 'esdh load';

/** Sort memory for building the keys (PostgreSQL's default is 64MB: a million keys would sort on disk). */
const MAINTENANCE_WORK_MEM = '256MB';

/** A step of the load, for the message when the server refuses it. */
class Step {
  what = 'BEGIN';
}

async function run(client: pg.Client, step: Step, what: string, sql: string, params?: unknown[]): Promise<pg.QueryResult> {
  step.what = what;
  return client.query(sql, params);
}

/** Tables of `tables` that exist in `schema`. */
async function existingTables(client: pg.Client, step: Step, schema: string, tables: readonly string[]): Promise<Set<string>> {
  const result = await run(client, step, `the look-up of existing tables in schema ${schema}`, 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[])', [schema, tables]);
  return new Set(result.rows.map((r: { table_name: string }) => r.table_name));
}

async function countRows(client: pg.Client, step: Step, table: string): Promise<number> {
  const result = await run(client, step, `counting the rows of ${table}`, `SELECT count(*) AS n FROM ${table}`);
  return Number((result.rows[0] as { n: string }).n);
}

/**
 * The entity without its keys: a new table is created bare and its keys are
 * added after COPY, so each index is built once from sorted rows and each
 * foreign key checked by one join, not row by row.
 */
function withoutKeys(entity: ExportEntity): ExportEntity {
  const { references: _references, idField: _idField, uniqueFields: _uniqueFields, ...rest } = entity;
  return rest;
}

/**
 * The keys of the tables this load created, built over their rows: primary
 * and unique keys first (foreign keys need them), then the foreign keys,
 * each checked by one join, and an index on every foreign-key column.
 */
async function addKeys(client: pg.Client, step: Step, schema: string, created: readonly ExportEntity[], ordered: readonly ExportEntity[]): Promise<void> {
  for (const entity of created) {
    const table = qualified(schema, tableName(entity));
    if (entity.idField && entity.fields.includes(entity.idField)) await run(client, step, `the primary key of ${table}`, `ALTER TABLE ${table} ADD PRIMARY KEY (${quoteIdent(entity.idField)})`);
    for (const field of entity.uniqueFields ?? []) {
      if (entity.fields.includes(field)) await run(client, step, `the unique key ${table} (${field})`, `ALTER TABLE ${table} ADD UNIQUE (${quoteIdent(field)})`);
    }
  }
  for (const entity of created) {
    const table = qualified(schema, tableName(entity));
    for (const key of foreignKeys(entity, ordered)) {
      await run(client, step, `the foreign key ${table} (${key.column}) → ${qualified(schema, key.table)} (${key.field})`, `ALTER TABLE ${table} ADD FOREIGN KEY (${quoteIdent(key.column)}) REFERENCES ${qualified(schema, key.table)} (${quoteIdent(key.field)})`);
    }
    for (const statement of createIndexes(entity, ordered)) await run(client, step, `the foreign-key indexes of ${table}`, statement);
  }
}

/** Load `source` into the schema of `options` (see the file comment). */
export async function loadSnapshot(source: LoadSource, options: TargetLoadOptions): Promise<TargetLoadResult> {
  const schema = checkSchemaName(options.namespace);
  const ifExists: IfExists = options.ifExists ?? 'fail';
  const where = redactUrl(options.url);
  const ordered = dependencyOrder(source.entities);
  const rowsTotal = ordered.reduce((sum, e) => sum + (source.facts.counts[e.plural] ?? 0), 0);
  const client = await connect(options.url, LOAD_APPLICATION);
  const step = new Step();
  try {
    await run(client, step, 'BEGIN', 'BEGIN');
    // One load per schema at a time: a second waits here rather than racing the first to CREATE SCHEMA.
    await run(client, step, 'the advisory lock of the schema', 'SELECT pg_advisory_xact_lock(hashtext($1))', [`esdh.load:${schema}`]);
    const found = await run(client, step, `the look-up of schema ${schema}`, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount === 0) await run(client, step, `CREATE SCHEMA ${schema}`, `CREATE SCHEMA ${quoteIdent(schema)}`);
    // The DDL builder writes bare table names: they resolve in this schema, for this transaction only.
    await run(client, step, 'SET LOCAL search_path', `SET LOCAL search_path TO ${quoteIdent(schema)}`);
    // Keys are built after COPY by sorting every row: room to sort a million keys in memory, for this transaction only.
    await run(client, step, 'SET LOCAL maintenance_work_mem', `SET LOCAL maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);

    const existing = await existingTables(client, step, schema, ordered.map(tableName));
    if (ifExists === 'fail' && existing.size > 0) {
      const first = tableName(ordered.find((e) => existing.has(tableName(e)))!);
      throw esdhError('ESDH_ERR_DB_TABLE_EXISTS', `${qualified(schema, first)} (in ${where}${existing.size > 1 ? `, with ${existing.size - 1} more of the snapshot's tables` : ''})`);
    }
    if (ifExists === 'replace') {
      for (const entity of [...ordered].reverse()) {
        if (existing.has(tableName(entity))) await run(client, step, `DROP TABLE ${qualified(schema, tableName(entity))}`, `DROP TABLE ${qualified(schema, tableName(entity))}`);
      }
      existing.clear();
    }
    const created = ordered.filter((e) => !existing.has(tableName(e)));
    for (const entity of created) await run(client, step, `CREATE TABLE ${qualified(schema, tableName(entity))}`, createTable(withoutKeys(entity), ordered, 'postgres'));
    const before = new Map<string, number>();
    for (const entity of ordered) if (existing.has(tableName(entity))) before.set(entity.name, await countRows(client, step, qualified(schema, tableName(entity))));

    let rowsDone = 0;
    for (const entity of ordered) {
      const table = qualified(schema, tableName(entity));
      const base = rowsDone;
      step.what = `COPY into ${table}`;
      options.signal?.throwIfAborted();
      rowsDone += await copyRows(client, table, entity, source.records(entity.name), (sent) => options.onProgress?.({ entity: entity.name, rowsDone: base + sent, rowsTotal }), options.signal);
    }

    await addKeys(client, step, schema, created, ordered);

    const tables: LoadedTable[] = [];
    for (const entity of ordered) {
      const table = qualified(schema, tableName(entity));
      const added = (await countRows(client, step, table)) - (before.get(entity.name) ?? 0);
      const expected = source.facts.counts[entity.plural] ?? 0;
      if (added !== expected) throw esdhError('ESDH_ERR_DB_COUNT_MISMATCH', `${table} (in ${where})`, added, `${expected} ${entity.plural}`);
      tables.push({ entity: entity.name, table, rows: added });
    }
    options.signal?.throwIfAborted();
    await run(client, step, 'COMMIT', 'COMMIT');
    return { target: where, namespace: schema, tables };
  } catch (error) {
    if (!isConnectionError(error)) await client.query('ROLLBACK').catch(() => undefined);
    throw loadError(error, where, step.what, options.signal);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A coded error for what went wrong: ours pass through, an abort stays an abort, the server's become ESDH_ERR_DB_LOAD_FAILED naming the step. */
function loadError(error: unknown, where: string, step: string, signal?: AbortSignal): unknown {
  if (error instanceof EsdhError) return error;
  if (signal?.aborted) return error;
  const code = (error as { code?: string }).code;
  if (code?.startsWith('28')) return connectError(error, where, '(the connected user)');
  return esdhError('ESDH_ERR_DB_LOAD_FAILED', where, step, serverReason(error));
}
