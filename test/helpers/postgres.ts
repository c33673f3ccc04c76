/**
 * The PostgreSQL test server: `ESDH_TEST_PG_URL` (postgres://user:password@127.0.0.1:PORT/db,
 * password authentication on; .ci/run starts a throwaway cluster and sets it).
 * Without it the database tests skip with a note saying how to start one,
 * except under CI (`CI` set), where they fail: CI must never skip them.
 */
import pg from 'pg';

/** The variable that names the test server. */
export const PG_URL_VAR = 'ESDH_TEST_PG_URL';

/** Why the tests did not run, and how to make them run. */
export const PG_SKIP_NOTE = `${PG_URL_VAR} is not set: the PostgreSQL tests are skipped. Start a throwaway server and point ${PG_URL_VAR} at it (README "Database tests"), e.g. ${PG_URL_VAR}=postgres://esdh_test:pw@127.0.0.1:5432/esdh_test npm test`;

/** The test server's URL, or undefined; throws when CI is set and there is none. */
export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[PG_URL_VAR];
  if (url) return url;
  if (env.CI) throw new Error(`${PG_URL_VAR} is not set, and CI is: CI must run the PostgreSQL tests, never skip them (.ci/run starts a cluster and sets ${PG_URL_VAR})`);
  return undefined;
}

/** What a suite gets from `usePostgres`. */
export interface TestPostgres {
  /** The server's URL (credentials included). */
  readonly url: string;
  /** A fresh schema name for this test, dropped (with everything in it) after the test. */
  schema(label?: string): string;
  /** A query on the suite's own connection. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Whether a schema exists. */
  hasSchema(name: string): Promise<boolean>;
  /** Rows of `schema.table`. */
  count(schema: string, table: string): Promise<number>;
  /** The URL with another password (or user). */
  urlWith(change: { password?: string; username?: string; port?: number }): string;
}

let counter = 0;
let noted = false;

/**
 * Call inside a `describe`: skips (or, under CI, fails) the suite without a
 * server; otherwise connects once, and after each test drops the schemas it
 * handed out.
 */
export function usePostgres(): TestPostgres {
  let url = '';
  let client: pg.Client | undefined;
  const made: string[] = [];
  before(async function () {
    const found = testPgUrl();
    if (!found) {
      if (!noted) console.log(`      (${PG_SKIP_NOTE})`);
      noted = true;
      this.skip();
    }
    url = found;
    client = new pg.Client({ connectionString: url, application_name: 'esdh tests' });
    client.on('error', () => undefined);
    await client.connect();
  });
  afterEach(async () => {
    for (const name of made.splice(0)) await client?.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  });
  after(async () => {
    await client?.end();
  });
  const query = <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => client!.query<R>(sql, params);
  return {
    get url() {
      return url;
    },
    schema(label = 't') {
      const name = `esdh_${label}_${process.pid}_${++counter}`;
      made.push(name);
      return name;
    },
    query,
    async hasSchema(name) {
      return ((await query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name])).rowCount ?? 0) > 0;
    },
    async count(schema, table) {
      return Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${table}"`)).rows[0]!.n);
    },
    urlWith(change) {
      const parsed = new URL(url);
      if (change.password !== undefined) parsed.password = change.password;
      if (change.username !== undefined) parsed.username = change.username;
      if (change.port !== undefined) parsed.port = String(change.port);
      return parsed.toString();
    },
  };
}
