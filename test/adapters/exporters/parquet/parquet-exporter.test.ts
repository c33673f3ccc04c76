/**
 * The Parquet exporter (`--format parquet`): a run writes one Parquet file
 * per entity that DuckDB reads with the manifest's counts, the designed
 * column types and the CSV's records; verify passes and catches a broken
 * file; the bytes are the same across runs, `--workers 2` and shards merged
 * (also when row groups span batches and shard boundaries); a third-party
 * entity's INT64, DOUBLE, BOOLEAN, JSON and nullable columns come back as
 * written; a record a column cannot hold stops the run with a coded error
 * and leaves nothing on disk.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseString } from 'fast-csv';
import { loadSnapshot, type EntityPlugin, type ExportEntity, type GenerateContext } from '../../../../engine/index.js';
import { ROW_GROUP_ROWS } from '../../../../adapters/exporters/parquet/index.js';
import { esdh } from '../../../helpers/cli.js';
import { newEngine } from '../../../helpers/engine.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { readManifest, sha256File } from '../../../helpers/snapshot-files.js';
import { rehash } from '../../../helpers/tamper.js';
import { makeTempDir, useTempDirs } from '../../../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../../../helpers/test-plugins.js';

interface Property {
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

/** DuckDB's type for a field as the design says (written out here, not taken from the exporter). */
function designedType(entity: ExportEntity, field: string): string {
  const property = ((entity.schema.properties ?? {}) as Record<string, Property>)[field] ?? {};
  const types = (Array.isArray(property.type) ? property.type : [property.type]).filter((t) => t !== 'null');
  if (types.length !== 1) return 'JSON';
  switch (types[0]) {
    case 'string': return property.format === 'date' ? 'DATE' : 'VARCHAR';
    case 'integer': {
      const values = property.enum as number[] | undefined;
      const [low, high] = values ? [Math.min(...values), Math.max(...values)] : [property.minimum, property.maximum];
      return low !== undefined && high !== undefined && low >= -(2 ** 31) && high < 2 ** 31 ? 'INTEGER' : 'BIGINT';
    }
    case 'number': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    default: return 'JSON';
  }
}

function designedRepetition(entity: ExportEntity, field: string): string {
  const property = ((entity.schema.properties ?? {}) as Record<string, Property>)[field] ?? {};
  const nullable = Array.isArray(property.type) && property.type.includes('null');
  return ((entity.schema.required ?? []) as string[]).includes(field) && !nullable ? 'REQUIRED' : 'OPTIONAL';
}

/** One DuckDB connection for a test; closed by `done`. */
async function duck(): Promise<{ db: DuckDBConnection; done: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  return {
    db,
    done: () => {
      db.closeSync();
      instance.closeSync();
    },
  };
}

function sql(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

async function rowsOf(db: DuckDBConnection, query: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
}

/** The rows of a CSV file (header dropped), cells as text. */
async function csvRows(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    parseString(readFileSync(path, 'utf8'), { headers: false })
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve());
  });
  return rows.slice(1);
}

function parquetFile(dir: string, plural: string): string {
  return join(dir, `${plural}_v0_1.parquet`);
}

async function run(args: string[], cwd: string): Promise<void> {
  const result = await esdh(['run', ...args, '--quiet'], cwd);
  expect(result.code, result.stderr).to.equal(0);
}

describe('the Parquet exporter (--format parquet)', function () {
  this.timeout(180_000);
  const tempDir = useTempDirs('esdh-parquet-');
  let base: string;
  let single: string;
  before(async () => {
    base = makeTempDir('esdh-parquet-run-');
    single = join(base, 'single');
    await run(['--profile', 'heavy', '--seed', '4', '--format', 'csv,sqlite,parquet', '--out', single], base);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('writes <plural>_v0_1.parquet per entity; DuckDB reads each with the manifest count, the designed column types, and the CSV records in order', async () => {
    const manifest = readManifest(single);
    const entities = (await newEngine()).exportEntities([...manifest.entities]);
    expect(entities.map((e) => e.name)).to.deep.equal(manifest.entities);
    const { db, done } = await duck();
    try {
      for (const entity of entities) {
        const path = parquetFile(single, entity.plural);
        const artifact = manifest.artifacts.find((a) => a.file === `${entity.plural}_v0_1.parquet`);
        expect(artifact, entity.plural).to.include({ role: `${entity.plural}_parquet`, format: 'parquet', entity: entity.name, records: manifest.record_counts[entity.plural] });
        const [count] = await rowsOf(db, `SELECT count(*)::INTEGER AS n FROM read_parquet(${sql(path)})`);
        expect(count!.n, entity.plural).to.equal(manifest.record_counts[entity.plural]);

        const described = await rowsOf(db, `DESCRIBE SELECT * FROM read_parquet(${sql(path)})`);
        expect(described.map((c) => `${c.column_name} ${c.column_type}`), entity.plural).to.deep.equal(entity.fields.map((f) => `${f} ${designedType(entity, f)}`));
        const schema = await rowsOf(db, `SELECT name, repetition_type FROM parquet_schema(${sql(path)}) WHERE name <> 'root'`);
        expect(schema.map((c) => `${c.name} ${c.repetition_type}`), entity.plural).to.deep.equal(entity.fields.map((f) => `${f} ${designedRepetition(entity, f)}`));
        const [meta] = await rowsOf(db, `SELECT created_by, format_version FROM parquet_file_metadata(${sql(path)})`);
        expect(meta!.created_by).to.equal('esdh');
        const kv = await rowsOf(db, `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sql(path)})`);
        expect(Object.fromEntries(kv.map((r) => [r.k, r.v]))).to.deep.equal({ 'esdh.dataset_version': manifest.dataset_version, 'esdh.seed': '4', 'esdh.as_of': manifest.as_of, 'esdh.synthetic_source': manifest.synthetic_source, 'esdh.entity': entity.name });

        const parquetRows = (await db.runAndReadAll(`SELECT * FROM read_parquet(${sql(path)}, file_row_number = true) ORDER BY file_row_number`)).getRowsJson();
        const cells = parquetRows.map((row) => row.slice(0, entity.fields.length).map((v) => (v === null ? '' : String(v))));
        expect(cells, entity.plural).to.deep.equal(await csvRows(join(single, `${entity.plural}_v0_1.csv`)));
      }
      const [nulls] = await rowsOf(db, `SELECT count(*)::INTEGER AS n FROM read_parquet(${sql(parquetFile(single, 'persons'))}) WHERE address_line_2 IS NULL`);
      expect(nulls!.n, 'null address_line_2 kept as NULL').to.be.greaterThan(0);
    } finally {
      done();
    }
    expect(readdirSync(single).filter((n) => n.includes('parquet')).sort()).to.deep.equal(entities.map((e) => `${e.plural}_v0_1.parquet`).sort());
    expect(readFileSync(join(single, 'README_SNAPSHOT_V0_1.md'), 'utf8')).to.include('| `persons_v0_1.parquet` |').and.include('Parquet');
  });

  it('esdh verify passes; a file cut short or with a garbled page header (manifest hashes agreeing) fails files.readable naming the file', async () => {
    const ok = await esdh(['verify', single], tempDir());
    expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
    expect(ok.stdout).to.include('parquet.schema').and.include('parquet.metadata');
    const copy = join(tempDir(), 'broken');
    await run(['--profile', 'heavy', '--seed', '4', '--format', 'csv,parquet', '--out', copy], tempDir());
    const path = parquetFile(copy, 'vehicles');
    truncateSync(path, statSync(path).size - 20);
    rehash(copy, 'vehicles_v0_1.parquet');
    // The first column chunk's page header follows the 4-byte magic.
    const persons = parquetFile(copy, 'persons');
    const bytes = readFileSync(persons);
    for (let i = 4; i < 40; i++) bytes[i]! ^= 0x5a;
    writeFileSync(persons, bytes);
    rehash(copy, 'persons_v0_1.parquet');
    const bad = await esdh(['verify', copy], tempDir());
    expect(bad.code).to.not.equal(0);
    const readable = bad.stdout.slice(bad.stdout.indexOf('FAIL files.readable'));
    expect(readable).to.include('vehicles_v0_1.parquet: not a readable Parquet file: parquet file invalid (footer != PAR1)');
    expect(readable).to.include('persons_v0_1.parquet: not a readable Parquet file: rows 1-200 cannot be decoded');
  });

  it('same inputs give the same bytes: a second run, --workers 2, and three shards merged', async () => {
    const manifest = readManifest(single);
    const plurals = manifest.entities.map((name) => manifest.plugins[name]!.plural);
    const expected = plurals.map((p) => sha256File(parquetFile(single, p)));
    const dirs: string[] = [];
    const again = join(tempDir(), 'again');
    await run(['--profile', 'heavy', '--seed', '4', '--format', 'parquet', '--out', again], tempDir());
    dirs.push(again);
    const workers = join(tempDir(), 'workers');
    await run(['--profile', 'heavy', '--seed', '4', '--format', 'csv,parquet', '--workers', '2', '--out', workers], tempDir());
    dirs.push(workers);
    const shards: string[] = [];
    for (const k of [1, 2, 3]) {
      const dir = join(tempDir(), `shard-${k}`);
      await run(['--profile', 'heavy', '--seed', '4', '--format', 'csv,parquet', '--shard', `${k}/3`, '--out', dir], tempDir());
      shards.push(dir);
    }
    const merged = join(tempDir(), 'merged');
    const m = await esdh(['merge', ...shards, '--out', merged, '--quiet'], tempDir());
    expect(m.code, m.stderr).to.equal(0);
    dirs.push(merged);
    for (const dir of dirs) expect(plurals.map((p) => sha256File(parquetFile(dir, p))), dir).to.deep.equal(expected);
    const verified = await esdh(['verify', merged], tempDir());
    expect(verified.code, verified.stdout).to.equal(0);
  });

  it(`cuts a row group every ${ROW_GROUP_ROWS} rows of the file, whatever the batches, worker threads or shards`, async () => {
    const engine = await newEngine();
    const records = 2 * ROW_GROUP_ROWS + 616;
    const options = { records, seed: 3, entities: ['person'], formats: ['parquet'] };
    const one = await engine.run({ ...options, out: join(tempDir(), 'one') });
    const two = await engine.run({ ...options, workers: 2, out: join(tempDir(), 'two') });
    const shards: string[] = [];
    for (const index of [1, 2, 3]) shards.push((await engine.run({ ...options, shard: { index, count: 3 }, out: join(tempDir(), `s${index}`) })).dir);
    const merged = await engine.merge(shards, { out: join(tempDir(), 'merged') });
    const path = parquetFile(one.dir, 'persons');
    expect(sha256File(parquetFile(two.dir, 'persons'))).to.equal(sha256File(path));
    expect(sha256File(parquetFile(merged.dir, 'persons'))).to.equal(sha256File(path));
    const { db, done } = await duck();
    try {
      const groups = await rowsOf(db, `SELECT DISTINCT row_group_id::INTEGER AS id, row_group_num_rows::INTEGER AS n FROM parquet_metadata(${sql(path)}) ORDER BY id`);
      expect(groups.map((g) => g.n)).to.deep.equal([ROW_GROUP_ROWS, ROW_GROUP_ROWS, 616]);
    } finally {
      done();
    }
    expect((await engine.verify(merged.dir)).ok).to.equal(true);
  });

  it('a third-party entity: INT64, DOUBLE, BOOLEAN, JSON, DATE and nullable columns verify against the NDJSON copy, load back as generated and merge to the same bytes', async () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['gizmo_id', 'person_id', 'serial', 'weight', 'active', 'tags', 'made_on', 'note', 'synthetic_source'],
      properties: {
        gizmo_id: { type: 'string', format: 'uuid' },
        person_id: { type: 'string', format: 'uuid' },
        serial: { type: 'integer', minimum: 0 },
        weight: { type: 'number' },
        active: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        made_on: { type: 'string', format: 'date' },
        note: { type: ['string', 'null'] },
        nickname: { type: 'string' },
        synthetic_source: { type: 'string', minLength: 1 },
      },
    };
    const generate = (ctx: GenerateContext) => {
      const base = widgetRecord(ctx);
      const n = ctx.random.int(0, 9);
      return {
        gizmo_id: base.widget_id,
        person_id: base.person_id,
        serial: 2 ** 40 + n,
        weight: n / 3,
        active: n % 2 === 0,
        tags: n % 3 === 0 ? [] : [`t${n}`, 'x,"y"'],
        made_on: `2024-0${1 + (n % 9)}-2${n}`,
        note: n < 5 ? null : `n${n}`,
        ...(n < 3 ? {} : { nickname: `g${n}` }),
        synthetic_source: ctx.marker,
      };
    };
    const dir = tempDir();
    writeSchema(dir, 'gizmo', schema);
    const plugin: EntityPlugin = widgetPlugin({ name: 'gizmo', plural: 'gizmos', schemaId: 'gizmo', generate });
    const engine = await newEngine({ plugins: [plugin], schemaDirs: [dir] });
    const { dir: out } = await engine.run({ records: 60, seed: 5, entities: ['person', 'gizmo'], formats: ['ndjson', 'parquet'], out: join(dir, 'snap') });
    const report = await engine.verify(out);
    expect(report.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
    expect(report.rules.find((r) => r.rule === 'copies.agree')!.checked).to.be.greaterThan(0);
    const ndjson = readFileSync(join(out, 'gizmos_v0_1.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const { db, done } = await duck();
    try {
      const file = sql(parquetFile(out, 'gizmos'));
      const described = await rowsOf(db, `DESCRIBE SELECT * FROM read_parquet(${file})`);
      expect(described.map((c) => c.column_type)).to.deep.equal(['VARCHAR', 'VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'JSON', 'DATE', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
      const rows = await rowsOf(db, `SELECT serial::VARCHAR AS serial, weight, active, tags::VARCHAR AS tags, made_on::VARCHAR AS made_on, note, nickname FROM read_parquet(${file}, file_row_number = true) ORDER BY file_row_number`);
      expect(rows).to.deep.equal(ndjson.map((r) => ({ serial: String(r.serial), weight: r.weight, active: r.active, tags: JSON.stringify(r.tags), made_on: r.made_on, note: r.note, nickname: r.nickname ?? null })));
    } finally {
      done();
    }
    // Read back by the engine from the Parquet file alone (without an exact NDJSON copy to prefer): as generated.
    const parquetOnly = join(dir, 'parquet-only');
    const again = await engine.run({ records: 60, seed: 5, entities: ['person', 'gizmo'], formats: ['parquet'], out: parquetOnly });
    const loaded = await loadSnapshot(again.dir, { engine });
    const gizmos = (loaded.records as unknown as { gizmos: Record<string, unknown>[] }).gizmos;
    // Parquet has no "absent": a field left out comes back left out when its type admits no null.
    expect(gizmos).to.deep.equal(ndjson);
    // Two shards merged: the cells read back (bigint, boolean, JSON, day numbers, nulls) are written again as they were.
    const shards: string[] = [];
    for (const index of [1, 2]) shards.push((await engine.run({ records: 60, seed: 5, entities: ['person', 'gizmo'], formats: ['parquet'], shard: { index, count: 2 }, out: join(dir, `shard-${index}`) })).dir);
    const merged = await engine.merge(shards, { out: join(dir, 'merged') });
    expect(sha256File(parquetFile(merged.dir, 'gizmos'))).to.equal(sha256File(parquetFile(again.dir, 'gizmos')));
  });

  it('formats: [parquet] in the config makes Parquet the default format', async () => {
    const engine = await newEngine({ config: { formats: ['parquet'] } });
    const { manifest } = await engine.run({ records: 5, seed: 1, entities: ['person'], out: join(tempDir(), 'cfg') });
    expect(manifest.artifacts.filter((a) => a.format === 'parquet').map((a) => a.file)).to.deep.equal(['persons_v0_1.parquet']);
  });

  it('a record its column cannot hold (an integer beyond INT64) is ESDH_ERR_RECORD_REJECTED naming the entity and field, and nothing is left on disk', async () => {
    const generate = (ctx: GenerateContext) => ({ ...widgetRecord(ctx), size: 1e20 });
    const engine = await newEngine({ plugins: [widgetPlugin({ generate })], schemaDirs: [writeSchema(tempDir())] });
    const parent = tempDir();
    const error = await expectEsdhError(engine.run({ records: 3, seed: 5, entities: ['person', 'widget'], formats: ['csv', 'parquet'], out: join(parent, 'broken') }), 'ESDH_ERR_RECORD_REJECTED');
    expect(error.message).to.include('parquet').and.include('widget').and.include("'size'").and.include('INT64');
    expect(readdirSync(parent)).to.deep.equal([]);
  });
});
