/**
 * The SQL DDL builder (adapters/exporters/sql) and the SQLite exporter
 * (`--format sqlite`): DDL for built-in and third-party entities in both
 * dialects; a run writes a database that opens, matches its `_manifest`, has
 * no broken foreign key and passes verify; verify catches a changed row; the
 * bytes are the same across runs, `--workers 2` and shards merged; `esdh ddl`.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EntityPlugin, ExportEntity } from '../../../engine/index.js';
import { ddl, dependencyOrder } from '../../../adapters/exporters/sql/index.js';
import { sqliteExporter } from '../../../adapters/exporters/index.js';
import { esdh } from '../../helpers/cli.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { newEngine } from '../../helpers/engine.js';
import { readManifest, sha256File } from '../../helpers/snapshot-files.js';
import { rehash } from '../../helpers/tamper.js';
import { makeTempDir, useTempDirs } from '../../helpers/temp-dir.js';
import { widgetPlugin, writeSchema } from '../../helpers/test-plugins.js';

const GADGET: ExportEntity = {
  name: 'gadget',
  plural: 'gad"gets',
  fields: ['gadget_id', 'owner', 'weight', 'active', 'tags', 'kind', 'note'],
  schema: {
    type: 'object',
    required: ['gadget_id', 'owner', 'weight', 'active', 'kind', 'note'],
    properties: {
      gadget_id: { type: 'string' },
      owner: { type: 'string' },
      weight: { type: 'number' },
      active: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      kind: { type: 'string', enum: ["o'clock", 'plain'] },
      note: { type: ['string', 'null'] },
    },
  },
  dependencies: [],
  idField: 'gadget_id',
  uniqueFields: ['owner'],
  references: { owner: 'maker.maker_id' },
};
const MAKER: ExportEntity = { name: 'maker', plural: 'makers', fields: ['maker_id'], schema: { type: 'object', required: ['maker_id'], properties: { maker_id: { type: 'string' } } }, idField: 'maker_id' };

function dbFile(dir: string): string {
  const name = readdirSync(dir).find((n) => /^snapshot.*\.db$/.test(n));
  expect(name, `a snapshot*.db in ${dir}`).to.be.a('string');
  return join(dir, name!);
}

describe('SQL DDL from the JSON Schemas', function () {
  this.timeout(60_000);

  it('the built-in entities: types, NOT NULL, CHECK, PK, UNIQUE, FK and dependency order, in both dialects', async () => {
    const engine = await newEngine();
    const entities = engine.exportEntities(['person', 'vehicle', 'profile', 'policy', 'claim']);
    const sqlite = ddl(entities, 'sqlite');
    const postgres = ddl(entities, 'postgres');
    const tables = (text: string) => [...text.matchAll(/CREATE TABLE "([^"]+)"/g)].map((m) => m[1]);
    for (const text of [sqlite, postgres]) {
      const order = tables(text);
      expect(order.indexOf('persons')).to.be.lessThan(order.indexOf('vehicles'));
      expect(order.indexOf('vehicles')).to.be.lessThan(order.indexOf('profiles'));
      expect(order.indexOf('policies')).to.be.lessThan(order.indexOf('claims'));
      expect(text).to.include('PRIMARY KEY ("person_id")');
      expect(text).to.include('UNIQUE ("policy_number")');
      expect(text).to.include('FOREIGN KEY ("policy_id") REFERENCES "policies" ("policy_id")');
      expect(text).to.include(`"status" TEXT NOT NULL CHECK ("status" IN ('quote', 'in_force', 'expired', 'cancelled', 'non_renewed'))`);
      expect(text).to.include('"address_line_2" TEXT,');
      expect(text).to.include('CREATE INDEX "claims_vehicle_id_idx" ON "claims" ("vehicle_id");');
    }
    expect(sqlite).to.include('"term_months" INTEGER NOT NULL CHECK ("term_months" IN (6, 12))');
    expect(postgres).to.include('"term_months" BIGINT NOT NULL CHECK ("term_months" IN (6, 12))');
    expect(sqlite).to.include('"date_of_birth" TEXT NOT NULL');
    expect(postgres).to.include('"date_of_birth" DATE NOT NULL');
    const db = new Database(':memory:');
    try {
      db.exec(sqlite);
    } finally {
      db.close();
    }
  });

  it('a third-party entity: quoted identifiers, number, boolean, JSON, quoted enum values, and tables after what they reference', () => {
    expect(dependencyOrder([GADGET, MAKER]).map((e) => e.name)).to.deep.equal(['maker', 'gadget']);
    const sqlite = ddl([GADGET, MAKER], 'sqlite');
    expect(sqlite.indexOf('CREATE TABLE "makers"')).to.be.lessThan(sqlite.indexOf('CREATE TABLE "gad""gets"'));
    expect(sqlite).to.include('"weight" REAL NOT NULL');
    expect(sqlite).to.include('"active" INTEGER NOT NULL CHECK ("active" IN (0, 1))');
    expect(sqlite).to.include('"tags" TEXT,');
    expect(sqlite).to.include(`CHECK ("kind" IN ('o''clock', 'plain'))`);
    expect(sqlite).to.include('"note" TEXT,\n');
    expect(sqlite).to.include('FOREIGN KEY ("owner") REFERENCES "makers" ("maker_id")');
    const postgres = ddl([GADGET, MAKER], 'postgres');
    expect(postgres).to.include('"weight" DOUBLE PRECISION NOT NULL');
    expect(postgres).to.include('"active" BOOLEAN NOT NULL');
    expect(postgres).to.include('"tags" JSONB,');
    const db = new Database(':memory:');
    try {
      db.exec(sqlite);
      expect(db.prepare('SELECT count(*) FROM "gad""gets"').pluck().get()).to.equal(0);
    } finally {
      db.close();
    }
    expect(sqliteExporter.ddl([MAKER], 'sqlite')).to.equal(ddl([MAKER], 'sqlite'));
  });
});

describe('the SQLite exporter (--format sqlite)', function () {
  this.timeout(180_000);
  const tempDir = useTempDirs('esdh-sqlite-');
  let base: string;
  let single: string;
  before(async () => {
    base = makeTempDir('esdh-sqlite-run-');
    single = join(base, 'single');
    const result = await esdh(['run', '--profile', 'heavy', '--seed', '4', '--format', 'csv,sqlite', '--out', single, '--quiet'], base);
    expect(result.code, result.stderr).to.equal(0);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('writes snapshot_v0_1.db: it opens, counts match _manifest and the snapshot manifest, foreign keys and integrity hold', () => {
    const manifest = readManifest(single);
    const file = dbFile(single);
    expect(file.endsWith('snapshot_v0_1.db')).to.equal(true);
    expect(readdirSync(single).filter((n) => n.includes('.db')), 'no build file, journal or WAL left').to.deep.equal(['snapshot_v0_1.db']);
    const db = new Database(file, { readonly: true });
    try {
      const facts = Object.fromEntries(db.prepare('SELECT "key", "value" FROM "_manifest"').raw().all() as [string, string][]);
      expect(facts.seed).to.equal('4');
      expect(facts.dataset_version).to.equal(manifest.dataset_version);
      for (const [plural, n] of Object.entries(manifest.record_counts)) {
        expect(facts[`count.${plural}`], plural).to.equal(String(n));
        expect(db.prepare(`SELECT count(*) FROM "${plural}"`).pluck().get(), plural).to.equal(n);
      }
      expect(db.pragma('foreign_key_check')).to.deep.equal([]);
      expect(db.pragma('integrity_check', { simple: true })).to.equal('ok');
      expect(db.pragma('page_size', { simple: true })).to.equal(4096);
      expect(db.pragma('journal_mode', { simple: true })).to.not.equal('wal');
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all();
      expect(indexes).to.include('vehicles_person_id_idx');
    } finally {
      db.close();
    }
    const artifact = manifest.artifacts.find((a) => a.format === 'sqlite')!;
    expect(artifact.file).to.equal('snapshot_v0_1.db');
    expect(artifact.records).to.equal(Object.values(manifest.record_counts).reduce((a, b) => a + b, 0));
    expect(readFileSync(join(single, 'README_SNAPSHOT_V0_1.md'), 'utf8')).to.include('| `snapshot_v0_1.db` |');
  });

  it('esdh verify passes, and catches a changed row once the manifest hashes agree with the file', async () => {
    const ok = await esdh(['verify', single], tempDir());
    expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
    expect(ok.stdout).to.include('sqlite.foreign_keys');
    const copy = join(tempDir(), 'tampered');
    const run = await esdh(['run', '--profile', 'heavy', '--seed', '4', '--format', 'csv,sqlite', '--out', copy, '--quiet'], tempDir());
    expect(run.code, run.stderr).to.equal(0);
    const db = new Database(dbFile(copy));
    try {
      db.prepare('UPDATE "persons" SET "first_name" = ? WHERE rowid = 3').run('Tampered');
    } finally {
      db.close();
    }
    rehash(copy, 'snapshot_v0_1.db');
    const bad = await esdh(['verify', copy], tempDir());
    expect(bad.code).to.not.equal(0);
    expect(bad.stdout + bad.stderr).to.match(/copies\.agree/);
  });

  it('same inputs give the same bytes: a second run, --workers 2, and three shards merged', async () => {
    const expected = sha256File(dbFile(single));
    const again = join(tempDir(), 'again');
    expect((await esdh(['run', '--profile', 'heavy', '--seed', '4', '--format', 'sqlite', '--out', again, '--quiet'], tempDir())).code).to.equal(0);
    expect(sha256File(dbFile(again))).to.equal(expected);
    const workers = join(tempDir(), 'workers');
    const w = await esdh(['run', '--profile', 'heavy', '--seed', '4', '--format', 'csv,sqlite', '--workers', '2', '--out', workers, '--quiet'], tempDir());
    expect(w.code, w.stderr).to.equal(0);
    expect(sha256File(dbFile(workers))).to.equal(expected);
    const shards: string[] = [];
    for (const k of [1, 2, 3]) {
      const dir = join(tempDir(), `shard-${k}`);
      const s = await esdh(['run', '--profile', 'heavy', '--seed', '4', '--format', 'csv,sqlite', '--shard', `${k}/3`, '--out', dir, '--quiet'], tempDir());
      expect(s.code, s.stderr).to.equal(0);
      shards.push(dir);
    }
    const merged = join(tempDir(), 'merged');
    const m = await esdh(['merge', ...shards, '--out', merged, '--quiet'], tempDir());
    expect(m.code, m.stderr).to.equal(0);
    expect(sha256File(dbFile(merged))).to.equal(expected);
    expect((await esdh(['verify', merged], tempDir())).code).to.equal(0);
  });

  it('a third-party entity goes into the database and verifies', async () => {
    const engine = await newEngine({ plugins: [widgetPlugin()], schemaDirs: [writeSchema(tempDir())] });
    const { dir } = await engine.run({ records: 20, seed: 5, entities: ['person', 'widget'], formats: ['sqlite'], out: join(tempDir(), 'widgets') });
    const db = new Database(dbFile(dir), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM "widgets"').pluck().get()).to.equal(readManifest(dir).record_counts.widgets);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'widgets'").pluck().get()).to.include('FOREIGN KEY ("person_id") REFERENCES "persons" ("person_id")');
    } finally {
      db.close();
    }
    const report = await engine.verify(dir);
    expect(report.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
  });

  it('a record the database refuses (a reference to no record) is a coded error naming the entity, and nothing is left on disk', async () => {
    const generate = (ctx: Parameters<NonNullable<EntityPlugin['generate']>>[0]) => ({ ...widgetPlugin().generate(ctx), person_id: '00000000-0000-4000-8000-000000000000' });
    const engine = await newEngine({ plugins: [widgetPlugin({ generate })], schemaDirs: [writeSchema(tempDir())] });
    const parent = tempDir();
    const error = await expectEsdhError(engine.run({ records: 3, seed: 5, entities: ['person', 'widget'], formats: ['sqlite'], out: join(parent, 'broken') }), 'ESDH_ERR_RECORD_REJECTED');
    expect(error.message).to.include('sqlite').and.include('widget').and.include('FOREIGN KEY');
    expect(readdirSync(parent)).to.deep.equal([]);
  });
});

describe('esdh ddl', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-ddl-');

  it('prints the DDL of the chosen entities and their dependencies', async () => {
    const result = await esdh(['ddl', '--dialect', 'postgres', '--entities', 'policy'], tempDir());
    expect(result.code, result.stderr).to.equal(0);
    expect([...result.stdout.matchAll(/CREATE TABLE "([^"]+)"/g)].map((m) => m[1])).to.deep.equal(['accounts', 'persons', 'vehicles', 'policies']);
    expect(result.stdout).to.include('"effective_date" DATE NOT NULL');
    const sqlite = await esdh(['ddl'], tempDir());
    expect(sqlite.code).to.equal(0);
    expect(sqlite.stdout).to.include('CREATE TABLE "claims"');
    const help = await esdh(['ddl', '--help'], tempDir());
    expect(help.stdout).to.include('--dialect');
  });

  it('refuses an unknown dialect with ESDH_ERR_USAGE naming the accepted ones', async () => {
    const result = await esdh(['ddl', '--dialect', 'mysql'], tempDir());
    expect(result.code).to.not.equal(0);
    expect(result.stderr).to.include('ESDH_ERR_USAGE');
    expect(result.stderr).to.include('sqlite, postgres');
  });
});
