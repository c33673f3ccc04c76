/**
 * A load killed mid-COPY (SIGKILL: no handler runs, no ROLLBACK is sent)
 * leaves nothing: the server sees the connection drop and rolls the one
 * transaction back, so no schema, table or row of it remains. COPY is caught
 * in flight through pg_stat_activity and pg_stat_progress_copy: the second
 * table's COPY with rows already in, so the first table was complete.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { LOAD_APPLICATION } from '../../../../adapters/exporters/postgres/index.js';
import { esdh } from '../../../helpers/cli.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { usePostgres } from '../../../helpers/postgres.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

/** Poll `check` every few milliseconds until it returns a value, or fail after `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PostgreSQL: a load killed mid-COPY', function () {
  this.timeout(180_000);
  const pg = usePostgres();
  const tempDir = useTempDirs('esdh-pg-kill-');

  it('leaves no schema, table or row behind', async () => {
    const dir = tempDir();
    const out = join(dir, 'big');
    // CSV is the slowest copy to read back, so the COPY of each table lasts long enough to be seen.
    expect((await esdh(['run', '--records', '30000', '--seed', '3', '--format', 'csv', '--out', out, '--quiet'], dir)).code).to.equal(0);
    const schema = pg.schema('killed');
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), 'load', out, '--to', pg.url, '--schema', schema, '--quiet'], { cwd: dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const copying = await waitFor('the COPY into vehicles with rows in', 120_000, async () => {
        if (child.exitCode !== null) throw new Error(`the load ended (exit ${child.exitCode}) before it was seen copying: ${stderr}`);
        const result = await pg.query<{ pid: number; tuples: string }>(
          `SELECT a.pid, p.tuples_processed AS tuples FROM pg_stat_activity a JOIN pg_stat_progress_copy p ON p.pid = a.pid
           WHERE a.application_name = $1 AND a.query LIKE $2 AND p.tuples_processed > 0`,
          [LOAD_APPLICATION, `COPY "${schema}"."vehicles"%`],
        );
        return result.rows[0];
      });
      child.kill('SIGKILL');
      const [code, signal] = await exited;
      expect(signal, `exit code ${String(code)}`).to.equal('SIGKILL');
      expect(Number(copying.tuples)).to.be.greaterThan(0);
      // The backend notices the dropped connection and aborts its transaction.
      await waitFor(`backend ${copying.pid} to end`, 60_000, async () => ((await pg.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [copying.pid])).rowCount === 0 ? true : undefined));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(await pg.hasSchema(schema), 'the schema the load created').to.equal(false);
    const relations = await pg.query('SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1', [schema]);
    expect(relations.rows, 'tables or indexes of the load').to.deep.equal([]);
    // This load's sessions only: other test files may be loading into schemas of their own at the same time (mocha --parallel).
    const sessions = await pg.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query LIKE $2', [LOAD_APPLICATION, `%"${schema}"%`]);
    expect(sessions.rowCount, 'no session of this load is left').to.equal(0);
  });
});
