/**
 * Connecting to PostgreSQL with `pg`: credentials from the URL or the
 * standard PG* environment variables (pg reads PGUSER, PGPASSWORD, PGHOST,
 * ..., and ~/.pgpass), and connection failures as coded errors that print the
 * URL with its password hidden.
 */
import type pg from 'pg';
import type * as CopyStreams from 'pg-copy-streams';
import { esdhError, EsdhError, redactUrl } from '../../../engine/kit.js';

/** How long a connection attempt may take unless the URL says otherwise (`connect_timeout`, seconds). */
const CONNECT_TIMEOUT_MS = 30_000;

/** Socket errors that mean no server answered at the host and port. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** The fields of a pg error that we read. */
interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/**
 * pg and pg-copy-streams load on first use, not with the CLI: a command that
 * never talks to PostgreSQL (most runs) does not pay for loading them.
 */
async function driver(): Promise<typeof pg> {
  return (await import('pg')).default;
}

/** pg-copy-streams (COPY FROM STDIN / TO STDOUT streams), loaded on first use. */
export function copyStreams(): Promise<typeof CopyStreams> {
  return import('pg-copy-streams');
}

/** A connected client (application_name set), or a coded error: unreachable, wrong credentials, other refusals. */
export async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const hasTimeout = /[?&]connect_timeout=/.test(url);
  const { Client } = await driver();
  let client: pg.Client;
  try {
    client = new Client({ connectionString: url, application_name: applicationName, ...(hasTimeout ? {} : { connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
  } catch (error) {
    throw esdhError('ESDH_ERR_DB_URL_INVALID', redactUrl(url), (error as Error).message, 'postgres://, postgresql://');
  }
  // A connection the server ends later surfaces through the query that was running; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectError(error, url, client.user ?? '(none)');
  }
  return client;
}

/** The coded error for a failed connection attempt. */
export function connectError(error: unknown, url: string, user: string): EsdhError {
  if (error instanceof EsdhError) return error;
  const e = error as PgError;
  const where = redactUrl(url);
  const message = e.message ?? String(error);
  if ((e.code && UNREACHABLE.has(e.code)) || /timeout expired|Connection terminated/i.test(message)) return esdhError('ESDH_ERR_DB_UNREACHABLE', where, message);
  if (e.code?.startsWith('28')) return esdhError('ESDH_ERR_DB_AUTH_FAILED', where, user, message, 'fix the user and password in the URL (postgres://user:password@host:port/db) or set PGUSER and PGPASSWORD');
  if (/password must be a string|SASL|no password/i.test(message)) return esdhError('ESDH_ERR_DB_AUTH_FAILED', where, user, 'the server asks for a password and none was given', 'put it in the URL (postgres://user:password@host:port/db) or set PGPASSWORD');
  return esdhError('ESDH_ERR_DB_LOAD_FAILED', where, 'the connection', serverReason(e));
}

/** The server's reason for an error, with its detail and hint: one line. */
export function serverReason(error: unknown): string {
  const e = error as PgError;
  const parts = [e.message ?? String(error), e.detail, e.hint ? `hint: ${e.hint}` : undefined].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.join(' ').replace(/\s*\n\s*/g, ' ');
}

/** True for an error of the socket, not a statement (so ROLLBACK cannot be sent either). */
export function isConnectionError(error: unknown): boolean {
  const e = error as PgError;
  return Boolean(e.code && UNREACHABLE.has(e.code)) || /Connection terminated|not queryable/i.test(e.message ?? '');
}
