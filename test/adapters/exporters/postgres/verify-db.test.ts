/**
 * `esdh verify --db`: passes on a good load; after one changed field, one
 * deleted row or a dropped table it fails, naming the table (and the row and
 * field it can find).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { esdh } from '../../../helpers/cli.js';
import { usePostgres } from '../../../helpers/postgres.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

describe('PostgreSQL: esdh verify --db', function () {
  this.timeout(120_000);
  const pg = usePostgres();
  const tempDir = useTempDirs('esdh-pg-verify-');

  async function loaded(): Promise<{ dir: string; out: string; schema: string }> {
    const dir = tempDir();
    const out = join(dir, 'snap');
    const schema = pg.schema('verify');
    const run = await esdh(['run', '--records', '30', '--seed', '5', '--entities', 'person,vehicle,profile,policy,claim', '--out', out, '--to', pg.url, '--schema', schema, '--quiet'], dir);
    expect(run.code, run.stderr).to.equal(0);
    return { dir, out, schema };
  }

  it('passes on a good load: every table ok, exit 0', async () => {
    const { dir, out, schema } = await loaded();
    const result = await esdh(['verify', '--db', pg.url, '--schema', schema, out], dir);
    expect(result.code, result.stdout).to.equal(0);
    for (const table of ['persons', 'vehicles', 'profiles', 'policies', 'claims']) expect(result.stdout).to.match(new RegExp(`"${schema}"\\."${table}"\\s+\\d+\\s+\\d+\\s+[0-9a-f]{16}…\\s+ok`));
    expect(result.stdout).to.include("OK: every table holds exactly the snapshot's records");
    const json = await esdh(['verify', '--db', pg.url, '--schema', schema, '--json', out], dir);
    const report = JSON.parse(json.stdout);
    expect(report.ok).to.equal(true);
    expect(report.target).to.include(':***@');
    expect(report.tables[0].snapshot).to.deep.equal(report.tables[0].database);
    expect(report.tables[0].snapshot.checksum).to.match(/^[0-9a-f]{64}$/);
  });

  it('fails after one field of one row is changed, naming the table, the row and the field', async () => {
    const { dir, out, schema } = await loaded();
    const target = (await pg.query<{ vehicle_id: string; make: string }>(`SELECT vehicle_id, make FROM "${schema}".vehicles ORDER BY vehicle_id DESC LIMIT 1`)).rows[0]!;
    await pg.query(`UPDATE "${schema}".vehicles SET make = 'Trabant' WHERE vehicle_id = $1`, [target.vehicle_id]);
    const result = await esdh(['verify', '--db', pg.url, '--schema', schema, out], dir);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include(`FAIL "${schema}"."vehicles" differs from the snapshot's vehicles`);
    expect(result.stdout).to.include(`the first row that differs is vehicle_id "${target.vehicle_id}": make is "Trabant" in the database, ${JSON.stringify(target.make)} in the snapshot`);
    // (30 accounts: their households hold more persons than that, as many in the database as in the snapshot.)
    expect(result.stdout).to.match(/"persons"\s+(\d+)\s+\1\s+[0-9a-f]{16}…\s+ok/);
    expect(result.stdout).to.include('FAILED: 1 table(s) differ from the snapshot');
  });

  it('fails on a missing row and on a dropped table', async () => {
    const { dir, out, schema } = await loaded();
    await pg.query(`DELETE FROM "${schema}".claims WHERE claim_id = (SELECT min(claim_id) FROM "${schema}".claims)`);
    await pg.query(`DROP TABLE "${schema}".profiles`);
    const result = await esdh(['verify', '--db', pg.url, '--schema', schema, out], dir);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(new RegExp(`FAIL "${schema}"\\."claims" has (\\d+) rows, the snapshot has \\d+ claims; the first missing row is claim_id "`));
    expect(result.stdout).to.match(new RegExp(`FAIL "${schema}"\\."profiles" does not exist \\(the snapshot has \\d+ profiles\\)`));
  });
});
