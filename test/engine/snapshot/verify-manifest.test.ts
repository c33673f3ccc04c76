/**
 * Verify trusts the manifest no more than the data: its shape is checked
 * against schemas/snapshot-manifest.schema.json (a coded error, never a
 * crash), and the files its formats imply must be listed and present.
 * Before, a manifest listing no files passed ("OK: every rule passed"), a
 * data file dropped with its entry passed, and a manifest with a field of
 * the wrong type crashed with a TypeError.
 */
import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot, openSnapshot, type Engine, type Exporter, type RuleResult } from '../../../engine/index.js';
import { esdh } from '../../helpers/cli.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { packageRoot } from '../../helpers/package-root.js';
import { readManifest } from '../../helpers/snapshot-files.js';
import { editManifest, type LooseManifest } from '../../helpers/tamper.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { tsvExporter } from '../../fixtures/exporters/tsv-exporter.js';

describe('verify checks the manifest and the files it implies', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-manifest-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine({ exporters: [tsvExporter] });
  });

  async function snapshot(formats = ['csv', 'json', 'ndjson']): Promise<string> {
    return (await engine.run({ records: 6, seed: 8, formats, out: join(tempDir(), 'snap') })).dir;
  }

  function failed(rules: readonly RuleResult[]): Record<string, string[]> {
    return Object.fromEntries(rules.filter((r) => r.failed > 0).map((r) => [r.rule, r.examples]));
  }

  describe('a manifest of the wrong shape is refused with ESDH_ERR_MANIFEST_INVALID', () => {
    const cases: [string, (m: LooseManifest) => void, RegExp][] = [
      ['no files', (m) => {
        m.artifacts = [];
        m.files = {};
      }, /at \/(files|artifacts): must NOT have fewer than 1 (properties|items)/],
      ['no entities', (m) => (m.entities = []), /at \/entities: must NOT have fewer than 1 items/],
      ['a missing field', (m) => delete m.seed, /at \/: must have required property 'seed'/],
      ['a seed of the wrong type', (m) => (m.seed = 'x'), /at \/seed: must be integer/],
      ['entities as a string', (m) => (m.entities = 'person'), /at \/entities: must be array/],
      ['a byte count as text', (m) => (m.artifacts[0].bytes = '12'), /at \/artifacts\/0\/bytes: must be integer/],
      ['a file name with a path in it', (m) => (m.artifacts[0].file = '../outside.csv'), /at \/artifacts\/0\/file: must match pattern/],
      ['an unknown field', (m) => (m.trusted = true), /at \/: must NOT have additional properties 'trusted'/],
      ['a sha256 that is not one', (m) => (m.artifacts[1].sha256 = 'abc'), /at \/artifacts\/1\/sha256: must match pattern/],
    ];
    for (const [what, edit, message] of cases) {
      it(what, async () => {
        const dir = await snapshot();
        editManifest(dir, edit);
        const error = await expectEsdhError(engine.verify(dir), 'ESDH_ERR_MANIFEST_INVALID');
        expect(error.message).to.match(message).and.to.include('snapshot_manifest_v0_1.json is not valid');
      });
    }

    it('not JSON at all; and every reader refuses the same way (loadSnapshot, openSnapshot in every verify mode, merge)', async () => {
      const dir = await snapshot();
      writeFileSync(join(dir, 'snapshot_manifest_v0_1.json'), '{"dataset_version": "v0.1",');
      expect((await expectEsdhError(engine.verify(dir), 'ESDH_ERR_MANIFEST_INVALID')).message).to.include('it is not JSON');
      const empty = await snapshot();
      editManifest(empty, (m) => (m.artifacts = []));
      for (const verify of ['full', 'checksums', false] as const) {
        await expectEsdhError(loadSnapshot(empty, { engine, verify }), 'ESDH_ERR_MANIFEST_INVALID');
        await expectEsdhError(openSnapshot(empty, { engine, verify }), 'ESDH_ERR_MANIFEST_INVALID');
      }
      const shard = (await engine.run({ records: 6, seed: 8, formats: ['ndjson'], shard: { index: 1, count: 1 }, out: join(tempDir(), 'shard') })).dir;
      editManifest(shard, (m) => (m.entities = []));
      const error = await expectEsdhError(engine.merge([shard], { out: join(tempDir(), 'merged') }), 'ESDH_ERR_SHARD_INVALID');
      expect(error.message).to.include('at /entities');
    });

    it('through the CLI: one line with the code, exit 2, no stack trace', async () => {
      const dir = await snapshot();
      editManifest(dir, (m) => (m.artifacts[0].records = -1));
      const result = await esdh(['verify', dir], dir);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^ESDH_ERR_MANIFEST_INVALID: Snapshot manifest .*snapshot_manifest_v0_1\.json is not valid: at \/artifacts\/0\/records: must be >= 0/);
      expect(result.stderr).to.not.match(/\n\s+at /);
    });
  });

  it('a data file dropped together with its manifest entry fails files.expected (checksums cannot see what is not listed)', async () => {
    const dir = await snapshot();
    rmSync(join(dir, 'persons_v0_1.csv'));
    editManifest(dir, (m) => {
      m.artifacts = m.artifacts.filter((a: { file: string }) => a.file !== 'persons_v0_1.csv');
      delete m.files.persons_csv;
    });
    const report = await engine.verify(dir);
    expect(report.ok).to.equal(false);
    expect(failed(report.rules)).to.deep.equal({ 'files.expected': ["persons_v0_1.csv: not listed in the manifest, though its format 'csv' writes it for person"] });
  });

  it('files of a format the manifest does not name, and a files map that disagrees with the artifacts, fail', async () => {
    const dir = await snapshot();
    editManifest(dir, (m) => {
      m.formats = ['csv', 'ndjson'];
      m.files.persons_csv = 'vehicles_v0_1.csv';
    });
    const problems = failed((await engine.verify(dir)).rules);
    expect(problems['files.expected']).to.deep.equal([
      "dataset_v0_1.json: its format 'json' is not one of the manifest's formats (csv, ndjson)",
      "metadata_v0_1.json: its format 'json' is not one of the manifest's formats (csv, ndjson)",
    ]);
    expect(problems['manifest.consistent']![0]).to.match(/^snapshot_manifest_v0_1\.json: its files map \(persons_csv: vehicles_v0_1\.csv, .*\) differs from its artifacts/);
  });

  it('a format without expectedArtifacts needs at least one listed file; with it, a stray file of that format fails', async () => {
    const { expectedArtifacts: _e, ...plain } = tsvExporter;
    const lenient = await newEngine({ exporters: [plain satisfies Exporter] });
    const dir = (await lenient.run({ records: 4, seed: 2, formats: ['tsv', 'ndjson'], out: join(tempDir(), 'snap') })).dir;
    expect((await lenient.verify(dir)).ok).to.equal(true);
    editManifest(dir, (m) => {
      const tsv = m.artifacts.filter((a: { format: string }) => a.format === 'tsv').map((a: { file: string }) => a.file);
      m.artifacts = m.artifacts.filter((a: { format: string }) => a.format !== 'tsv');
      for (const role of Object.keys(m.files)) if (role.endsWith('_tsv')) delete m.files[role];
      for (const file of tsv) rmSync(join(dir, file));
    });
    expect(failed((await lenient.verify(dir)).rules)['files.expected']).to.deep.equal(["snapshot_manifest_v0_1.json: no file of format 'tsv' is listed, though the manifest's formats name it"]);

    const strict = await snapshot(['tsv']);
    editManifest(strict, (m) => {
      const copy = { ...m.artifacts[0], file: 'extra_v0_1.tsv', role: 'extra_tsv' };
      m.artifacts.splice(1, 0, copy);
      m.files.extra_tsv = copy.file;
    });
    writeFileSync(join(strict, 'extra_v0_1.tsv'), readFileSync(join(strict, 'persons_v0_1.tsv')));
    expect(failed((await engine.verify(strict)).rules)['files.expected']).to.deep.equal(["extra_v0_1.tsv: not a file that format 'tsv' writes for entities person, vehicle, profile"]);
  });

  it('two manifests in one folder are refused; the signature file beside the manifest is known, any other extra file is unlisted', async () => {
    const dir = await snapshot(['ndjson']);
    writeFileSync(join(dir, 'snapshot_manifest_v0_1.json.sig'), 'not checked without a key\n');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const report = await engine.verify(dir);
    expect(failed(report.rules)).to.deep.equal({ 'files.unlisted': ['notes.txt: not listed in the manifest'] });
    expect(report.signature).to.deep.equal({ file: 'snapshot_manifest_v0_1.json.sig', status: 'not checked' });
    writeFileSync(join(dir, 'snapshot_manifest_v0_2.json'), readFileSync(join(dir, 'snapshot_manifest_v0_1.json')));
    expect((await expectEsdhError(engine.verify(dir), 'ESDH_ERR_SNAPSHOT_UNREADABLE')).message).to.include('it has 2 manifests');
  });

  it('every manifest esdh writes matches the schema: a run, a shard, a merge, and the committed governed snapshot', async () => {
    const parent = tempDir();
    const dirs = [join(packageRoot(), 'data', 'snapshots', 'v0.1'), await snapshot(['csv', 'json', 'ndjson', 'tsv'])];
    const shards: string[] = [];
    for (const index of [1, 2]) shards.push((await engine.run({ records: 7, seed: 3, formats: ['csv', 'json'], shard: { index, count: 2 }, workers: 1, out: join(parent, `s${index}`) })).dir);
    dirs.push(...shards, (await engine.merge(shards, { out: join(parent, 'merged') })).dir);
    for (const dir of dirs) {
      expect(engine.schemas.check('snapshot-manifest', readManifest(dir)), dir).to.equal(null);
      expect((await engine.verify(dir)).rules.filter((r) => r.failed > 0), dir).to.deep.equal([]);
    }
  });

  it("each exporter's expectedArtifacts names exactly the files a run writes (built-ins and a third party)", async () => {
    const dir = await snapshot(['csv', 'json', 'ndjson', 'tsv']);
    const manifest = readManifest(dir);
    const entities = manifest.entities.map((name) => ({ name, plural: manifest.plugins[name]!.plural, fields: [], schema: {} }));
    for (const format of manifest.formats) {
      const expected = engine.exporter(format).expectedArtifacts!({ fileSuffix: 'v0_1', entities });
      const written = manifest.artifacts.filter((a) => a.format === format).map((a) => ({ file: a.file, role: a.role, ...(a.entity ? { entity: a.entity } : {}) }));
      expect(expected, format).to.deep.equal(written);
    }
  });

  it('a folder inside the snapshot named like the manifest is not taken for it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'snapshot_manifest_v0_1.json'));
    await expectEsdhError(engine.verify(dir), 'ESDH_ERR_SNAPSHOT_UNREADABLE');
  });
});
