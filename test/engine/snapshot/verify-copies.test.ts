/**
 * Every copy of every entity is checked: one copy (the first verify reads)
 * gets the schema, ids, references and domain rules, and every other copy
 * must equal it record by record (canonical form, digests in sequence). Each
 * snapshot here is broken in one copy only, with every checksum recomputed,
 * so only the comparison of copies can catch it: before it, verify passed
 * a broken VIN or foreign key in the CSV or the dataset JSON, and CSV and
 * NDJSON copies that disagree.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, RuleResult } from '../../../engine/index.js';
import { canonicalRecord, firstDifference } from '../../../engine/snapshot/canonical-record.js';
import { newEngine } from '../../helpers/engine.js';
import { readManifest } from '../../helpers/snapshot-files.js';
import { editFile } from '../../helpers/tamper.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('verify compares every copy of every entity', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-copies-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  async function snapshot(formats: string[]): Promise<string> {
    return (await engine.run({ records: 12, seed: 31, formats, out: join(tempDir(), 'snap') })).dir;
  }

  function ndjsonLine(dir: string, file: string, line: number): Record<string, unknown> {
    return JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n')[line - 1]!);
  }

  function rule(rules: readonly RuleResult[], name: string): RuleResult {
    const found = rules.find((r) => r.rule === name);
    expect(found, `rule ${name} in ${rules.map((r) => r.rule).join(', ')}`).to.not.equal(undefined);
    return found!;
  }

  function failures(rules: readonly RuleResult[]): string[] {
    return rules.filter((r) => r.failed > 0).map((r) => r.rule);
  }

  /** A VIN with its check digit (position 9) changed: still 17 valid characters. */
  function badVin(vin: string): string {
    return vin.slice(0, 8) + (vin[8] === '1' ? '2' : '1') + vin.slice(9);
  }

  it('an intact snapshot: each copy after the first is compared once per entity, and the full checks run on one copy only', async () => {
    const dir = await snapshot(['csv', 'json', 'ndjson']);
    const report = await engine.verify(dir);
    expect(failures(report.rules)).to.deep.equal([]);
    // person, vehicle, profile: the ndjson copy is checked, the csv file and the dataset bundle are compared with it.
    expect(rule(report.rules, 'copies.agree')).to.include({ checked: 6, failed: 0 });
    const total = Object.values(readManifest(dir).record_counts).reduce((a, b) => a + b, 0);
    expect(rule(report.rules, 'schema').checked).to.equal(total);
    expect(rule(report.rules, 'marker').checked, 'the marker on every record of every copy').to.equal(3 * total);
  });

  it('a broken VIN in the CSV (the NDJSON copy is the checked one) fails, naming the record and the field', async () => {
    const dir = await snapshot(['csv', 'json', 'ndjson']);
    const { vin } = ndjsonLine(dir, 'vehicles_v0_1.ndjson', 2) as { vin: string };
    editFile(dir, 'vehicles_v0_1.csv', (text) => text.replace(vin, badVin(vin)));
    const report = await engine.verify(dir);
    expect(report.ok).to.equal(false);
    expect(failures(report.rules)).to.deep.equal(['copies.agree']);
    expect(rule(report.rules, 'copies.agree').examples).to.deep.equal([`vehicles_v0_1.csv:3: vehicles record 2 differs from vehicles_v0_1.ndjson:2 in vin: "${badVin(vin)}" here, "${vin}" there`]);
  });

  it('a broken foreign key in the dataset JSON fails', async () => {
    const dir = await snapshot(['csv', 'json', 'ndjson']);
    const vehicle = ndjsonLine(dir, 'vehicles_v0_1.ndjson', 5) as { vehicle_id: string; person_id: string };
    editFile(dir, 'dataset_v0_1.json', (text) => text.replace(`"vehicle_id":"${vehicle.vehicle_id}","person_id":"${vehicle.person_id}"`, `"vehicle_id":"${vehicle.vehicle_id}","person_id":"${NOBODY}"`));
    const report = await engine.verify(dir);
    expect(failures(report.rules)).to.deep.equal(['copies.agree']);
    expect(rule(report.rules, 'copies.agree').examples[0]).to.match(new RegExp(`^dataset_v0_1\\.json:\\d+: vehicles record 5 differs from vehicles_v0_1\\.ndjson:5 in person_id: "${NOBODY}" here, "${vehicle.person_id}" there$`));
  });

  it('with the default csv + json, a broken VIN in the dataset JSON (the CSV copy is the checked one) fails', async () => {
    const dir = await snapshot(['csv', 'json']);
    const csv = readFileSync(join(dir, 'vehicles_v0_1.csv'), 'utf8').split('\n');
    const vinColumn = csv[0]!.split(',').indexOf('vin');
    const vin = csv[1]!.split(',')[vinColumn]!;
    expect(vin).to.match(/^[A-HJ-NPR-Z0-9]{17}$/);
    editFile(dir, 'dataset_v0_1.json', (text) => text.replace(vin, badVin(vin)));
    const report = await engine.verify(dir);
    expect(failures(report.rules)).to.deep.equal(['copies.agree']);
    expect(rule(report.rules, 'copies.agree').examples[0]).to.match(/^dataset_v0_1\.json:\d+: vehicles record 1 differs from vehicles_v0_1\.csv:2 in vin: /);
  });

  it('CSV and NDJSON copies that disagree (a valid-looking name changed in the CSV only) fail; so does a type change', async () => {
    const dir = await snapshot(['csv', 'ndjson']);
    const person = ndjsonLine(dir, 'persons_v0_1.ndjson', 7) as { person_id: string; first_name: string; last_name: string };
    const other = person.last_name === 'Nakamura' ? 'Okafor' : 'Nakamura';
    // person_id, first_name, last_name are the first three columns.
    const start = `${person.person_id},${person.first_name},`;
    editFile(dir, 'persons_v0_1.csv', (text) => text.replace(`${start}${person.last_name},`, `${start}${other},`));
    const report = await engine.verify(dir);
    expect(failures(report.rules)).to.deep.equal(['copies.agree']);
    expect(rule(report.rules, 'copies.agree').examples[0]).to.equal(`persons_v0_1.csv:8: persons record 7 differs from persons_v0_1.ndjson:7 in last_name: "${other}" here, "${person.last_name}" there`);

    // The NDJSON copy holding a model year as text: same characters in the CSV, another value.
    const again = await snapshot(['csv', 'ndjson']);
    editFile(again, 'vehicles_v0_1.ndjson', (text) => text.replace(/"model_year":(\d+)/, '"model_year":"$1"'));
    const typed = await engine.verify(again);
    expect(rule(typed.rules, 'copies.agree').examples[0]).to.match(/^vehicles_v0_1\.csv:2: vehicles record 1 differs from vehicles_v0_1\.ndjson:1 in model_year: \d+ here, "\d+" there$/);
  });

  it('a copy with a record missing says how many each copy holds', async () => {
    const dir = await snapshot(['csv', 'ndjson']);
    editFile(dir, 'profiles_v0_1.csv', (text) => text.trimEnd().split('\n').slice(0, -1).join('\n') + '\n');
    const report = await engine.verify(dir);
    expect(rule(report.rules, 'copies.agree').examples).to.deep.equal(['profiles_v0_1.csv: it holds 11 profiles, profiles_v0_1.ndjson holds 12: records 12 onwards are in one copy only']);
    expect(rule(report.rules, 'files.record_count').failed).to.equal(2);
  });
});

describe('canonical records (how copies are compared)', () => {
  const fields = ['id', 'n', 'note'];

  it('equal records give equal text whatever the key order; any difference in value, type or key set gives another', () => {
    const base = canonicalRecord({ id: 'a', n: 1, note: null }, fields);
    expect(canonicalRecord({ note: null, n: 1, id: 'a' }, fields)).to.equal(base);
    for (const other of [{ id: 'a', n: '1', note: null }, { id: 'a', n: 1, note: '' }, { id: 'a', n: 1 }, { id: 'a', n: 1, note: null, extra: 0 }, { id: 'a', n: 2, note: null }]) {
      expect(canonicalRecord(other, fields), JSON.stringify(other)).to.not.equal(base);
    }
  });

  it('values JSON cannot hold never equal one it can; nested objects compare by content', () => {
    expect(canonicalRecord({ id: 'a', n: Infinity, note: null }, fields)).to.not.equal(canonicalRecord({ id: 'a', n: null, note: null }, fields));
    expect(canonicalRecord({ id: 'a', n: NaN, note: null }, fields)).to.not.equal(canonicalRecord({ id: 'a', n: null, note: null }, fields));
    expect(canonicalRecord({ id: 'a', n: 1, note: { x: 1, y: [2] } }, fields)).to.equal(canonicalRecord({ id: 'a', n: 1, note: { y: [2], x: 1 } }, fields));
    expect(canonicalRecord({ id: 'a', n: 1, note: { x: 1 } }, fields)).to.not.equal(canonicalRecord({ id: 'a', n: 1, note: '{"x":1}' }, fields));
  });

  it('firstDifference names the first differing field in schema order, an absent one as (absent)', () => {
    expect(firstDifference({ id: 'a', n: 1, note: 'x' }, { id: 'a', n: 2, note: 'y' }, fields)).to.deep.equal({ field: 'n', a: '1', b: '2' });
    expect(firstDifference({ id: 'a', n: 1 }, { id: 'a', n: 1, note: null }, fields)).to.deep.equal({ field: 'note', a: '(absent)', b: 'null' });
    expect(firstDifference({ id: 'a', n: 1, note: null }, { note: null, n: 1, id: 'a' }, fields)).to.equal(null);
  });
});
