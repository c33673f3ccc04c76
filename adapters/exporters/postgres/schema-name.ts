/** The database schema a load goes into: a name checked before it gets anywhere near SQL. */
import { esdhError } from '../../../engine/kit.js';
import { quoteIdent } from '../sql/index.js';

/** The schema when none is given. */
export const DEFAULT_SCHEMA = 'public';

/** Lower-case letters, digits and `_`, starting with a letter or `_`, at most 63 bytes (PostgreSQL's identifier limit). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const ACCEPTED = 'lower-case letters, digits and _, starting with a letter or _, at most 63 characters, not starting with pg_ (e.g. qa_run_7)';

/** The schema name, checked (ESDH_ERR_DB_SCHEMA_NAME_INVALID says what is accepted). */
export function checkSchemaName(name: string | undefined): string {
  const schema = name ?? DEFAULT_SCHEMA;
  const shown = JSON.stringify(schema).slice(0, 80);
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) throw esdhError('ESDH_ERR_DB_SCHEMA_NAME_INVALID', shown, 'it is not a plain lower-case identifier', ACCEPTED);
  if (schema.startsWith('pg_') || schema === 'information_schema') throw esdhError('ESDH_ERR_DB_SCHEMA_NAME_INVALID', shown, 'PostgreSQL reserves it for its own catalogs', ACCEPTED);
  return schema;
}

/** `"schema"."table"`, both quoted. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
