/**
 * Loads that must not happen, each one clear error line, a non-zero exit and
 * nothing left in the database (no schema, table or row of the attempt): an
 * unsafe schema name, a closed port, a wrong password, a snapshot that fails
 * verify, a table whose count comes out wrong, a record the keys refuse.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { freePort } from '../../../../adapters/transports/http/ports.js';
import { postgresTarget } from '../../../../adapters/exporters/postgres/index.js';
import type { EntityRecord, ExportEntity, LoadSource } from '../../../../engine/index.js';
import { esdh } from '../../../helpers/cli.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { newEngine } from '../../../helpers/engine.js';
import { usePostgres } from '../../../helpers/postgres.js';
import { tamperNdjsonRecord } from '../../../helpers/tamper.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

/** Names of the schemas in the database. */
async function schemas(pg: ReturnType<typeof usePostgres>): Promise<string[]> {
  return (await pg.query<{ nspname: string }>('SELECT nspname FROM pg_namespace ORDER BY nspname')).rows.map((r) => r.nspname);
}

const OWNER: ExportEntity = { name: 'owner', plural: 'owners', fields: ['owner_id'], schema: { type: 'object', required: ['owner_id'], properties: { owner_id: { type: 'string' } } }, dependencies: [], idField: 'owner_id' };
const PET: ExportEntity = {
  name: 'pet',
  plural: 'pets',
  fields: ['pet_id', 'owner_id'],
  schema: { type: 'object', required: ['pet_id', 'owner_id'], properties: { pet_id: { type: 'string' }, owner_id: { type: 'string' } } },
  dependencies: ['owner'],
  idField: 'pet_id',
  references: { owner_id: 'owner.owner_id' },
};

/** A source of owners and pets that are not from a snapshot: what the target does with what it is given. */
function source(records: Record<string, EntityRecord[]>, counts: Record<string, number>): LoadSource {
  return {
    dir: '(test)',
    entities: [OWNER, PET],
    facts: { datasetVersion: 'v0.1', seed: 1, asOf: '2025-11-01', marker: 'synthetic test', counts },
    async *records(entity) {
      yield* records[entity] ?? [];
    },
  };
}

describe('PostgreSQL: refused loads leave nothing behind', function () {
  this.timeout(120_000);
  const pg = usePostgres();
  const tempDir = useTempDirs('esdh-pg-refuse-');
  let snapshot = '';

  before(async function () {
    if (!pg.url) return;
    const dir = tempDir();
    snapshot = join(dir, 'snap');
    expect((await esdh(['run', '--records', '20', '--format', 'ndjson', '--out', snapshot, '--quiet'], dir)).code).to.equal(0);
  });

  it('an unsafe schema name: refused before anything is read or contacted, saying what is accepted', async () => {
    const before = await schemas(pg);
    const names = ['x"; DROP SCHEMA public CASCADE; --', 'Mixed', 'pg_mine', '1abc', 'a'.repeat(64), ''];
    for (const name of names) {
      const result = await esdh(['load', snapshot, '--to', pg.url, '--schema', name], tempDir());
      expect(result.code, name).to.equal(2);
      expect(result.stderr, name).to.match(/^ESDH_ERR_DB_SCHEMA_NAME_INVALID: Unsafe schema name .*Accepted: lower-case letters, digits and _/);
      expect(result.stderr.trim().split('\n'), name).to.have.length(1);
    }
    const run = await esdh(['run', '--records', '5', '--to', pg.url, '--schema', 'Robert"); --'], tempDir());
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^ESDH_ERR_DB_SCHEMA_NAME_INVALID/);
    // Every schema that was there still is, and none of the refused names was made (other test files
    // may add schemas of their own meanwhile: mocha runs files in parallel).
    const after = await schemas(pg);
    expect(before.filter((name) => !after.includes(name)), 'schemas dropped').to.deep.equal([]);
    for (const name of [...names, 'Robert"); --', 'mixed']) expect(after, name).not.to.include(name);
  });

  it('a closed port on 127.0.0.1: ESDH_ERR_DB_UNREACHABLE naming the address', async () => {
    const port = await freePort('127.0.0.1');
    const url = pg.urlWith({ port });
    const result = await esdh(['load', snapshot, '--to', url, '--schema', pg.schema('closed')], tempDir());
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(new RegExp(`^ESDH_ERR_DB_UNREACHABLE: No database answered at postgres://[^ ]*127\\.0\\.0\\.1:${port}/.*ECONNREFUSED`));
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    const run = await esdh(['run', '--records', '5', '--to', url], tempDir());
    expect(run.code, 'run --to checks the database before it generates').to.equal(1);
    expect(run.stderr).to.match(/^ESDH_ERR_DB_UNREACHABLE/);
    expect(run.stdout).to.equal('');
  });

  it('a wrong password: ESDH_ERR_DB_AUTH_FAILED naming the user, the password printed nowhere', async () => {
    const schema = pg.schema('auth');
    const wrong = 'not-the-password-7f3a';
    const result = await esdh(['load', snapshot, '--to', pg.urlWith({ password: wrong }), '--schema', schema], tempDir());
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(new RegExp(`^ESDH_ERR_DB_AUTH_FAILED: The database at postgres://${new URL(pg.url).username}:\\*\\*\\*@.* refused the credentials of user '${new URL(pg.url).username}'`));
    expect(result.stderr).to.include('PGPASSWORD');
    expect(result.stderr + result.stdout).to.not.include(wrong);
    expect(await pg.hasSchema(schema)).to.equal(false);
  });

  it('a snapshot that fails verify: ESDH_ERR_DB_SNAPSHOT_INVALID before the database is touched', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad');
    expect((await esdh(['run', '--records', '20', '--format', 'ndjson', '--out', bad, '--quiet'], dir)).code).to.equal(0);
    tamperNdjsonRecord(bad, 'vehicles_v0_1.ndjson', 3, (r) => (r.vin = 'NOT-A-VIN'));
    const schema = pg.schema('bad');
    const result = await esdh(['load', bad, '--to', pg.url, '--schema', schema], dir);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^ESDH_ERR_DB_SNAPSHOT_INVALID: Snapshot .*bad fails verification, so nothing was loaded into the database: .*vehicles_v0_1\.ndjson:3/);
    expect(await pg.hasSchema(schema)).to.equal(false);
  });

  it("with verify: 'checksums' (run --to), a file changed after it was written is refused the same way", async () => {
    const dir = tempDir();
    const bad = join(dir, 'changed');
    expect((await esdh(['run', '--records', '20', '--format', 'ndjson', '--out', bad, '--quiet'], dir)).code).to.equal(0);
    tamperNdjsonRecord(bad, 'persons_v0_1.ndjson', 2, (r) => (r.first_name = 'Mallory'), true);
    const schema = pg.schema('changed');
    const error = await expectEsdhError((await newEngine()).load(bad, { to: pg.url, namespace: schema, verify: 'checksums' }), 'ESDH_ERR_DB_SNAPSHOT_INVALID');
    expect(error.message).to.match(/persons_v0_1\.ndjson (has \d+ bytes, manifest says \d+|sha256 differs from the manifest)/);
    expect(await pg.hasSchema(schema)).to.equal(false);
  });

  it('a table whose row count is not the manifest\'s: ESDH_ERR_DB_COUNT_MISMATCH, rolled back', async () => {
    const schema = pg.schema('count');
    const owners = [{ owner_id: 'a' }, { owner_id: 'b' }];
    const error = await expectEsdhError(postgresTarget.load(source({ owner: owners, pet: [{ pet_id: 'p', owner_id: 'a' }] }, { owners: 3, pets: 1 }), { url: pg.url, namespace: schema }), 'ESDH_ERR_DB_COUNT_MISMATCH');
    expect(error.message).to.match(/^Table "esdh_count_\d+_\d+"\."owners" \(in postgres:\/\/[^)]*\) would hold 2 rows from this load, but the snapshot has 3 owners: the transaction was rolled back/);
    expect(error.message).to.not.include(new URL(pg.url).password);
    expect(await pg.hasSchema(schema)).to.equal(false);
  });

  it('a record the keys refuse (a pet of nobody): ESDH_ERR_DB_LOAD_FAILED naming the key, rolled back', async () => {
    const schema = pg.schema('fk');
    const error = await expectEsdhError(postgresTarget.load(source({ owner: [{ owner_id: 'a' }], pet: [{ pet_id: 'p', owner_id: 'nobody' }] }, { owners: 1, pets: 1 }), { url: pg.url, namespace: schema }), 'ESDH_ERR_DB_LOAD_FAILED');
    expect(error.message).to.include('the foreign key').and.include('"pets" (owner_id)').and.include('Key (owner_id)=(nobody) is not present');
    expect(error.message).to.include('nothing of this load was committed');
    expect(await pg.hasSchema(schema)).to.equal(false);
  });

  it('a failed replace keeps the tables it would have replaced', async () => {
    const schema = pg.schema('keep');
    await postgresTarget.load(source({ owner: [{ owner_id: 'a' }], pet: [{ pet_id: 'p', owner_id: 'a' }] }, { owners: 1, pets: 1 }), { url: pg.url, namespace: schema });
    await expectEsdhError(postgresTarget.load(source({ owner: [{ owner_id: 'b' }], pet: [{ pet_id: 'q', owner_id: 'nobody' }] }, { owners: 1, pets: 1 }), { url: pg.url, namespace: schema, ifExists: 'replace' }), 'ESDH_ERR_DB_LOAD_FAILED');
    expect((await pg.query(`SELECT owner_id FROM "${schema}".owners`)).rows).to.deep.equal([{ owner_id: 'a' }]);
  });

  it('a URL no target takes: ESDH_ERR_DB_URL_INVALID listing the schemes, its password hidden', async () => {
    const engine = await newEngine();
    const error = await expectEsdhError(engine.load(snapshot, { to: 'mysql://root:hunter2@127.0.0.1/x' }), 'ESDH_ERR_DB_URL_INVALID');
    expect(error.message).to.include('mysql://root:***@127.0.0.1/x').and.include('postgres://, postgresql://').and.not.include('hunter2');
  });
});
