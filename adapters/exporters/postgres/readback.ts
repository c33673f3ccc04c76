/**
 * Reading a loaded schema back (`esdh verify --db`): one read-only,
 * repeatable-read transaction, each table streamed out with COPY ... TO
 * STDOUT and its lines typed back through the schema.
 */
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { esdhError, redactUrl, type EntityRecord, type ExportEntity, type TargetLocation, type TargetReadback } from '../../../engine/kit.js';
import { quoteIdent, tableName } from '../sql/index.js';
import { connect, copyStreams, serverReason } from './connect.js';
import { CopyLineDecoder } from './copy-text.js';
import { checkSchemaName, qualified } from './schema-name.js';

/** The application_name of a read-back connection. */
export const VERIFY_APPLICATION = 'esdh verify';

/** Open `location` for reading back: a read-only snapshot of the database for as long as it is open. */
export async function openReadback(location: TargetLocation): Promise<TargetReadback> {
  const schema = checkSchemaName(location.namespace);
  const where = redactUrl(location.url);
  const client = await connect(location.url, VERIFY_APPLICATION);
  const query = async (what: string, sql: string, params?: unknown[]): Promise<pg.QueryResult> => {
    try {
      return await client.query(sql, params);
    } catch (error) {
      throw esdhError('ESDH_ERR_DB_READ_FAILED', where, what, serverReason(error));
    }
  };
  try {
    await query('BEGIN', 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Dates as YYYY-MM-DD and doubles in their shortest exact form, whatever the server's defaults.
    await query('SET LOCAL DateStyle', "SET LOCAL DateStyle = 'ISO, YMD'");
    await query('SET LOCAL extra_float_digits', 'SET LOCAL extra_float_digits = 1');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    namespace: schema,
    where: (entity) => qualified(schema, tableName(entity)),
    async has(entity) {
      const result = await query(`the look-up of ${qualified(schema, tableName(entity))}`, 'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, tableName(entity)]);
      return (result.rowCount ?? 0) > 0;
    },
    records: (entity) => rowsOf(client, where, qualified(schema, tableName(entity)), entity),
    async close() {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Every row of `table` as a record, streamed (rows may span the 64 KiB chunks COPY sends). */
async function* rowsOf(client: pg.Client, where: string, table: string, entity: ExportEntity): AsyncGenerator<EntityRecord> {
  const decoder = new CopyLineDecoder(entity);
  const text = new StringDecoder('utf8');
  const { to: copyTo } = await copyStreams();
  const stream = client.query(copyTo(`COPY ${table} (${entity.fields.map(quoteIdent).join(', ')}) TO STDOUT`));
  const iterator = stream[Symbol.asyncIterator]();
  let rest = '';
  let ended = false;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        ended = true;
        throw esdhError('ESDH_ERR_DB_READ_FAILED', where, `COPY out of ${table}`, serverReason(error));
      }
      if (next.done) break;
      const lines = (rest + text.write(next.value as Buffer)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) yield decoder.record(line);
    }
    ended = true;
    rest += text.end();
    if (rest.length > 0) yield decoder.record(rest);
  } finally {
    // A reader that stops early: read the COPY to its end, so the connection is free for the next statement.
    if (!ended) while (!(await iterator.next().catch(() => ({ done: true }))).done);
  }
}
