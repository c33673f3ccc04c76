/**
 * The built-in exporters through engine.run: the v0.1 file contract (names,
 * CSV column order, the JSON bundle), NDJSON, the manifest's byte counts and
 * hashes, and the never-half-written snapshot folder.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { csvCell } from '../../../adapters/exporters/entity-files/csv-cells.js';
import type { EntityRecord, RunResult } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readManifest, sha256File } from '../../helpers/snapshot-files.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../../helpers/test-plugins.js';

const PERSON_COLUMNS = 'person_id,first_name,last_name,date_of_birth,driver_license_number,driver_license_state,address_line_1,address_line_2,city,state,postal_code,country,lob_type,synthetic_source';
const VEHICLE_COLUMNS = 'vehicle_id,person_id,vin,make,model,model_year,body_style,risk_rating,lob_type,garaging_state,garaging_postal_code,synthetic_source';
const PROFILE_COLUMNS = 'profile_id,person_id,vehicle_id,full_name,lob_type,residence_state,city,postal_code,garaging_state,primary_vehicle_vin,vehicle_summary,risk_rating,synthetic_source';
const UNITS = 25;

async function parseCsv(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    parseString<string[], string[]>(readFileSync(path, 'utf8'), { headers: false })
      .on('error', reject)
      .on('data', (row: string[]) => rows.push(row))
      .on('end', () => resolve());
  });
  return rows;
}

interface DatasetBundle {
  metadata: { dataset_version: string; record_count_persons: number; record_count_vehicles: number; record_count_profiles: number; record_counts: Record<string, number> };
  persons: EntityRecord[];
  vehicles: EntityRecord[];
  profiles: EntityRecord[];
}

describe('adapters/exporters (csv, json, ndjson) through engine.run', () => {
  const tempDir = useTempDirs('esdh-exporters-');

  /** A fresh snapshot of UNITS units in all three formats. */
  async function snapshot(): Promise<RunResult> {
    const engine = await newEngine();
    return engine.run({ out: join(tempDir(), 'snap'), records: UNITS, seed: 20251101, asOf: '2025-11-01', formats: ['csv', 'json', 'ndjson'] });
  }

  function readDataset(dir: string): DatasetBundle {
    return JSON.parse(readFileSync(join(dir, 'dataset_v0_1.json'), 'utf8')) as DatasetBundle;
  }

  it('CSV headers start with exactly the v0.1 column order; later columns only follow them (additive)', async () => {
    const engine = await newEngine();
    const { dir } = await engine.run({ out: join(tempDir(), 'snap'), records: 3, formats: ['csv'] });
    const v01: Record<string, string> = { persons: PERSON_COLUMNS, vehicles: VEHICLE_COLUMNS, profiles: PROFILE_COLUMNS };
    for (const [plural, columns] of Object.entries(v01)) {
      const header = readFileSync(join(dir, `${plural}_v0_1.csv`), 'utf8').split('\n')[0]!.split(',');
      expect(header.slice(0, columns.split(',').length).join(','), plural).to.equal(columns);
      // whatever comes after is the schema's own later fields, in schema order
      expect(header, plural).to.deep.equal(engine.schemas.fields(engine.entity(plural).schemaId));
      expect(new Set(header).size, `${plural} has no repeated column`).to.equal(header.length);
    }
  });

  it('CSV rows hold the same values as the JSON bundle, null as an empty cell', async () => {
    const { dir } = await snapshot();
    const dataset = readDataset(dir);
    for (const plural of ['persons', 'vehicles', 'profiles'] as const) {
      const rows = await parseCsv(join(dir, `${plural}_v0_1.csv`));
      const columns = rows[0]!;
      expect(rows.slice(1), plural).to.deep.equal(dataset[plural].map((r) => columns.map((c) => csvCell(r[c]))));
    }
    const persons = await parseCsv(join(dir, 'persons_v0_1.csv'));
    const line2 = persons[0]!.indexOf('address_line_2');
    expect(line2).to.equal(7);
    const withoutLine2 = dataset.persons.map((p, i) => [p, persons[i + 1]!] as const).filter(([p]) => p.address_line_2 === null);
    expect(withoutLine2.length, 'persons with address_line_2 null').to.be.greaterThan(0);
    for (const [, row] of withoutLine2) expect(row[line2]).to.equal('');
    // and on disk the cell is truly empty (",,"), not "null" or '""'
    const raw = readFileSync(join(dir, 'persons_v0_1.csv'), 'utf8');
    expect(raw).not.to.include('null');
    expect(raw).not.to.include('""');
  });

  it('csvCell: null and undefined → empty, objects → JSON, the rest → text', () => {
    expect(csvCell(null)).to.equal('');
    expect(csvCell(undefined)).to.equal('');
    expect(csvCell(0)).to.equal('0');
    expect(csvCell(false)).to.equal('false');
    expect(csvCell({ a: [1] })).to.equal('{"a":[1]}');
    expect(csvCell('x')).to.equal('x');
  });

  it('dataset_v0_1.json parses to {metadata, persons, vehicles, profiles} with counts equal to the metadata', async () => {
    const { dir, manifest } = await snapshot();
    const dataset = readDataset(dir);
    expect(Object.keys(dataset)).to.deep.equal(['metadata', 'persons', 'vehicles', 'profiles']);
    const { metadata } = dataset;
    expect(metadata.dataset_version).to.equal('v0.1');
    expect(dataset.persons).to.have.length(metadata.record_count_persons);
    expect(dataset.vehicles).to.have.length(metadata.record_count_vehicles);
    expect(dataset.profiles).to.have.length(metadata.record_count_profiles);
    expect(metadata.record_count_persons).to.equal(UNITS);
    expect(metadata.record_counts).to.deep.equal({ persons: UNITS, vehicles: UNITS, profiles: UNITS });
    expect(JSON.parse(readFileSync(join(dir, 'metadata_v0_1.json'), 'utf8'))).to.deep.equal(metadata);
    expect(manifest.record_counts).to.deep.equal(metadata.record_counts);
  });

  it('NDJSON: one parseable record per line, the same records as the JSON bundle', async () => {
    const { dir } = await snapshot();
    const dataset = readDataset(dir);
    for (const plural of ['persons', 'vehicles', 'profiles'] as const) {
      const text = readFileSync(join(dir, `${plural}_v0_1.ndjson`), 'utf8');
      expect(text.endsWith('\n')).to.equal(true);
      const lines = text.slice(0, -1).split('\n');
      expect(lines, plural).to.have.length(UNITS);
      expect(lines.map((line) => JSON.parse(line) as EntityRecord)).to.deep.equal(dataset[plural]);
    }
  });

  it('the manifest lists every file with the bytes, sha256 and record count found on disk', async () => {
    const { dir, manifest } = await snapshot();
    expect(readManifest(dir)).to.deep.equal(JSON.parse(JSON.stringify(manifest)));
    const onDisk = readdirSync(dir).filter((f) => f !== 'snapshot_manifest_v0_1.json').sort();
    expect(manifest.artifacts.map((a) => a.file).sort()).to.deep.equal(onDisk);
    expect(onDisk).to.have.length(9);
    for (const artifact of manifest.artifacts) {
      const path = join(dir, artifact.file);
      expect(statSync(path).size, `${artifact.file} bytes`).to.equal(artifact.bytes);
      expect(sha256File(path), `${artifact.file} sha256`).to.equal(artifact.sha256);
      if (artifact.format === 'csv') expect(readFileSync(path, 'utf8').trimEnd().split('\n').length - 1, artifact.file).to.equal(artifact.records);
      if (artifact.format === 'ndjson') expect(readFileSync(path, 'utf8').trimEnd().split('\n').length, artifact.file).to.equal(artifact.records);
    }
    expect(manifest.files).to.include({ persons_csv: 'persons_v0_1.csv', vehicles_csv: 'vehicles_v0_1.csv', profiles_csv: 'profiles_v0_1.csv', dataset_json: 'dataset_v0_1.json', metadata_json: 'metadata_v0_1.json' });
    expect(manifest).to.include({ seed: 20251101, as_of: '2025-11-01', units: UNITS, validation: 'schema', synthetic_source: 'enterprise-synthetic-data-hub v0.1' });
  });

  it('a run into an existing folder → ESDH_ERR_OUTPUT_EXISTS, and nothing else is created', async () => {
    const parent = tempDir();
    const out = join(parent, 'snap');
    mkdirSync(out);
    const engine = await newEngine();
    const error = await expectEsdhError(engine.run({ out, records: 5, formats: ['csv', 'json', 'ndjson'] }), 'ESDH_ERR_OUTPUT_EXISTS');
    expect(error.message).to.include(out);
    expect(error.status).to.equal(409);
    expect(readdirSync(parent)).to.deep.equal(['snap']);
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('a run whose plugin throws midway (unit 1500 of 2000) leaves no output folder and no .tmp- folder', async () => {
    const original = new Error('boom at 1500');
    const boom = widgetPlugin({ generate: (ctx: Parameters<typeof widgetRecord>[0]) => { if (ctx.unitIndex === 1500) throw original; return widgetRecord(ctx); } });
    const engine = await newEngine({ plugins: [boom], schemaDirs: [writeSchema(tempDir())] });
    const parent = tempDir();
    const out = join(parent, 'snap');
    const progress: number[] = [];
    const error = await expectEsdhError(
      engine.run({ out, records: 2000, seed: 1, entities: ['person', 'vehicle', 'profile', 'widget'], formats: ['csv', 'json', 'ndjson'], onProgress: (p) => progress.push(p.unitsDone) }),
      'ESDH_ERR_PLUGIN_FAILED',
    );
    expect(error.message).to.include('unit 1500');
    expect(error.cause).to.equal(original);
    expect(progress.length, 'batches written before the failure').to.be.greaterThan(0);
    expect(existsSync(out)).to.equal(false);
    expect(readdirSync(parent)).to.deep.equal([]);
  });

  it('the same run without the failure succeeds into that folder (the failure left nothing in the way)', async () => {
    const engine = await newEngine({ plugins: [widgetPlugin()], schemaDirs: [writeSchema(tempDir())] });
    const parent = tempDir();
    const { dir, manifest } = await engine.run({ out: join(parent, 'snap'), records: 600, seed: 1, entities: ['person', 'widget'], formats: ['csv', 'ndjson'] });
    expect(readdirSync(parent)).to.deep.equal(['snap']);
    expect(manifest.record_counts).to.deep.equal({ persons: 600, widgets: 600 });
    expect(readFileSync(join(dir, 'widgets_v0_1.csv'), 'utf8').split('\n')[0]).to.equal('widget_id,person_id,size,synthetic_source');
  });
});
