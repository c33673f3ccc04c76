/**
 * Loading snapshots into a real PostgreSQL server (ESDH_TEST_PG_URL): `esdh
 * run --to` of the heavy profile with every key enforced and the counts of the
 * manifest; `esdh load` from a snapshot of each built-in format alone, all
 * giving the same rows; `--if-exists fail|replace|append`; the password
 * never printed or written.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esdh } from '../../../helpers/cli.js';
import { newEngine } from '../../../helpers/engine.js';
import { usePostgres } from '../../../helpers/postgres.js';
import { readManifest } from '../../../helpers/snapshot-files.js';
import { useOwnTmpdir, useTempDirs } from '../../../helpers/temp-dir.js';

const ALL_ENTITIES = 'account,person,vehicle,profile,policy,policy_driver,policy_vehicle,coverage,claim';

function scratchFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('esdh-run-to-'));
}

describe('PostgreSQL: loading snapshots (esdh run --to, esdh load)', function () {
  this.timeout(120_000);
  const pg = usePostgres();
  const tempDir = useTempDirs('esdh-pg-load-');
  // `run --to` makes its temporary snapshot here, apart from other test files' (mocha --parallel).
  useOwnTmpdir();

  it('esdh run --profile heavy --seed 4 --to loads every row with keys, foreign keys and their indexes enforced, and removes its temporary snapshot', async () => {
    const schema = pg.schema('heavy');
    const before = scratchFolders();
    const run = await esdh(['run', '--profile', 'heavy', '--seed', '4', '--to', pg.url, '--schema', schema], tempDir());
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`schema ${schema}`).and.include('one transaction, committed');
    expect(scratchFolders(), 'the temporary snapshot is removed').to.deep.equal(before);

    const reference = tempDir();
    expect((await esdh(['run', '--profile', 'heavy', '--seed', '4', '--out', join(reference, 's'), '--quiet'], reference)).code).to.equal(0);
    const manifest = readManifest(join(reference, 's'));
    expect(manifest.record_counts).to.deep.equal({ persons: 200, vehicles: 200, profiles: 200 });
    for (const [plural, n] of Object.entries(manifest.record_counts)) expect(await pg.count(schema, plural), plural).to.equal(n);

    const constraints = await pg.query<{ conname: string; contype: string }>("SELECT conname, contype FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype IN ('p', 'u', 'f')", [schema]);
    expect(constraints.rows.map((r) => `${r.contype} ${r.conname}`)).to.have.members([
      'p persons_pkey',
      'u persons_driver_license_number_key',
      'u persons_email_key',
      'p profiles_pkey',
      'f profiles_person_id_fkey',
      'f profiles_primary_vehicle_vin_fkey',
      'f profiles_vehicle_id_fkey',
      'p vehicles_pkey',
      'f vehicles_person_id_fkey',
      'f vehicles_principal_driver_id_fkey',
      'u vehicles_vin_key',
    ]);
    const indexes = await pg.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE $2', [schema, '%_idx']);
    expect(indexes.rows.map((r) => r.indexname)).to.have.members(['profiles_person_id_idx', 'profiles_primary_vehicle_vin_idx', 'profiles_vehicle_id_idx', 'vehicles_person_id_idx', 'vehicles_principal_driver_id_idx']);
    const types = await pg.query<{ column_name: string; data_type: string }>("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'persons' AND column_name IN ('date_of_birth', 'person_id')", [schema]);
    expect(Object.fromEntries(types.rows.map((r) => [r.column_name, r.data_type]))).to.deep.equal({ date_of_birth: 'date', person_id: 'text' });

    // Enforced, not decorative: a vehicle of nobody, a second vin, an unknown enum value are refused.
    const vehicle = (await pg.query(`SELECT * FROM "${schema}".vehicles LIMIT 1`)).rows[0] as Record<string, unknown>;
    const insert = (changes: Record<string, unknown>) => {
      const row = { ...vehicle, vehicle_id: '00000000-0000-4000-8000-000000000000', vin: 'ZZZZZZZZZZZZZZZZZ', ...changes };
      const columns = Object.keys(row);
      return pg.query(`INSERT INTO "${schema}".vehicles (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
    };
    for (const [changes, code] of [[{ person_id: 'nobody' }, '23503'], [{ vin: vehicle.vin }, '23505'], [{ body_style: 'Hovercraft' }, '23514']] as const) {
      let error: { code?: string } | undefined;
      try {
        await insert(changes);
      } catch (e) {
        error = e as { code?: string };
      }
      expect(error?.code, JSON.stringify(changes)).to.equal(code);
    }
  });

  it('esdh load takes a snapshot of each built-in format alone, every one giving the same rows', async () => {
    const engine = await newEngine();
    const formats = engine.formats();
    expect(formats).to.include.members(['csv', 'json', 'ndjson', 'sqlite']);
    const checksums = new Map<string, string>();
    for (const format of formats) {
      const dir = tempDir();
      const out = join(dir, format);
      const run = await esdh(['run', '--records', '40', '--seed', '11', '--entities', ALL_ENTITIES, '--format', format, '--out', out, '--quiet'], dir);
      expect(run.code, `${format}: ${run.stderr}`).to.equal(0);
      const schema = pg.schema(format);
      const load = await esdh(['load', out, '--to', pg.url, '--schema', schema, '--quiet'], dir);
      expect(load.code, `${format}: ${load.stderr}`).to.equal(0);
      const counts = readManifest(out).record_counts as Record<string, number>;
      expect(Object.keys(counts)).to.have.members(['accounts', 'persons', 'vehicles', 'profiles', 'policies', 'policy_drivers', 'policy_vehicles', 'coverages', 'claims']);
      for (const [plural, n] of Object.entries(counts)) expect(await pg.count(schema, plural), `${format} ${plural}`).to.equal(n);
      const report = await engine.verifyLoaded(out, { url: pg.url, namespace: schema });
      expect(report.ok, `${format}: ${report.tables.map((t) => t.problem).join('; ')}`).to.equal(true);
      checksums.set(format, report.tables.map((t) => `${t.plural}:${t.database!.checksum}`).join(' '));
    }
    expect(new Set(checksums.values()).size, 'the same rows whatever the source format').to.equal(1);
  });

  describe('--if-exists', () => {
    async function snapshot(seed: number): Promise<string> {
      const dir = tempDir();
      const out = join(dir, `s${seed}`);
      expect((await esdh(['run', '--records', '25', '--seed', String(seed), '--format', 'ndjson', '--out', out, '--quiet'], dir)).code).to.equal(0);
      return out;
    }

    it('fail (the default) refuses a second load, names the table and the options, and changes nothing', async () => {
      const schema = pg.schema('fail');
      const first = await snapshot(1);
      expect((await esdh(['load', first, '--to', pg.url, '--schema', schema], tempDir())).code).to.equal(0);
      const again = await esdh(['load', await snapshot(2), '--to', pg.url, '--schema', schema], tempDir());
      expect(again.code).to.equal(2);
      expect(again.stderr).to.match(/^ESDH_ERR_DB_TABLE_EXISTS: Table "esdh_fail_\d+_\d+"\."persons" \(in postgres:\/\/[^)]*\) already exists/);
      expect(again.stderr).to.include('--if-exists replace').and.include('--if-exists append').and.include('--schema');
      expect(again.stderr.trim().split('\n')).to.have.length(1);
      const report = await (await newEngine()).verifyLoaded(first, { url: pg.url, namespace: schema });
      expect(report.ok, 'the first load is untouched').to.equal(true);
    });

    it('replace drops and recreates the tables in the same transaction', async () => {
      const schema = pg.schema('replace');
      expect((await esdh(['load', await snapshot(1), '--to', pg.url, '--schema', schema], tempDir())).code).to.equal(0);
      const second = await snapshot(2);
      const replaced = await esdh(['load', second, '--to', pg.url, '--schema', schema, '--if-exists', 'replace'], tempDir());
      expect(replaced.code, replaced.stderr).to.equal(0);
      expect(await pg.count(schema, 'persons')).to.equal(25);
      expect((await (await newEngine()).verifyLoaded(second, { url: pg.url, namespace: schema })).ok).to.equal(true);
    });

    it('append adds the rows to the existing tables (counted: before + the snapshot\'s)', async () => {
      const schema = pg.schema('append');
      const first = await snapshot(1);
      expect((await esdh(['load', first, '--to', pg.url, '--schema', schema], tempDir())).code).to.equal(0);
      const appended = await esdh(['load', await snapshot(2), '--to', pg.url, '--schema', schema, '--if-exists', 'append'], tempDir());
      expect(appended.code, appended.stderr).to.equal(0);
      expect(appended.stdout).to.match(/"persons"\s+25 rows/);
      for (const plural of ['persons', 'vehicles', 'profiles']) expect(await pg.count(schema, plural), plural).to.equal(50);
      const report = await (await newEngine()).verifyLoaded(first, { url: pg.url, namespace: schema });
      expect(report.ok).to.equal(false);
      expect(report.tables[0]!.problem).to.include('has 50 rows, the snapshot has 25 persons');
    });

    it('an unknown value is a usage error before anything runs', async () => {
      const result = await esdh(['load', tempDir(), '--to', pg.url, '--if-exists', 'merge'], tempDir());
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^ESDH_ERR_OPTION_INVALID: Invalid --if-exists "merge": expected one of fail, replace, append/);
    });
  });

  it('never prints or writes the password: not in output, errors, the manifest or the README', async () => {
    const password = new URL(pg.url).password;
    expect(password, 'ESDH_TEST_PG_URL must carry a password for this test').to.have.length.greaterThan(0);
    const dir = tempDir();
    const out = join(dir, 'kept');
    const schema = pg.schema('secret');
    const run = await esdh(['run', '--records', '10', '--out', out, '--to', pg.url, '--schema', schema], dir);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include(':***@');
    const again = await esdh(['load', out, '--to', pg.url, '--schema', schema], dir);
    expect(again.code).to.equal(2);
    const verify = await esdh(['verify', '--db', pg.url, '--schema', schema, out], dir);
    expect(verify.code, verify.stdout).to.equal(0);
    for (const text of [run.stdout, run.stderr, again.stdout, again.stderr, verify.stdout, verify.stderr]) expect(text).to.not.include(password);
    for (const file of readdirSync(out)) expect(readFileSync(join(out, file)).includes(Buffer.from(password)), file).to.equal(false);
  });
});
