/**
 * The studio's server side without a browser: the static files, the
 * read-only snapshot routes (ids only, never a path) and the downloads.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createApp } from '../../../../adapters/transports/http/app.js';
import { histogram } from '../../../../adapters/transports/http/snapshot-charts.js';
import { ViewCache } from '../../../../adapters/transports/http/snapshot-view.js';
import type { SnapshotView } from '../../../../adapters/transports/http/snapshot-view.js';
import { listSnapshots } from '../../../../adapters/transports/http/snapshot-catalog.js';
import { expectNoInternals } from './helpers.js';
import { studioFixture, type StudioFixture } from './studio-fixture.js';
import { useOwnTmpdir } from '../../../helpers/temp-dir.js';

/** Collect a binary body as a Buffer (supertest parses only text types). */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function downloadFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('esdh-download-'));
}

describe('studio routes: static files, snapshots, downloads', () => {
  // Downloads make their temp folders here, apart from other test files' (mocha --parallel).
  useOwnTmpdir();
  let fixture: StudioFixture;
  let agent: ReturnType<typeof supertest>;

  before(async () => {
    fixture = await studioFixture({ records: [12, 16] });
    agent = supertest(createApp(fixture.engine).callback());
  });
  after(() => fixture.cleanup());

  it('serves the page at / and /studio/ with a strict CSP, Chart.js from node_modules, and nothing else from disk', async () => {
    const page = await agent.get('/').expect(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.include('<title>ESDH studio</title>').and.include('/studio/vendor/chart.umd.js');
    expect(page.text).not.to.match(/https?:\/\//);
    expect(page.headers['content-security-policy']).to.include("default-src 'none'").and.include("connect-src 'self'");
    await agent.get('/studio/').expect(200);
    const chart = await agent.get('/studio/vendor/chart.umd.js').expect(200);
    expect(chart.headers['content-type']).to.match(/^text\/javascript/);
    expect(chart.text).to.equal(readFileSync(join('node_modules', 'chart.js', 'dist', 'chart.umd.js'), 'utf8'));
    for (const name of ['app.js', 'api.js', 'charts.js', 'studio.css']) await agent.get(`/studio/${name}`).expect(200);
    for (const path of ['/studio/../package.json', '/studio/%2e%2e/package.json', '/studio/vendor/chart.js', '/studio/nothing.js', '/index.html']) {
      const res = await agent.get(path).expect(404);
      expect(res.body.error.esdh_code, path).to.equal('ESDH_ERR_HTTP_ROUTE_UNKNOWN');
    }
  });

  it('with an API key: the page loads without it (it holds no data), every API route asks for it', async () => {
    const keyed = supertest(createApp(fixture.engine, { apiKey: 'k-123' }).callback());
    await keyed.get('/').expect(200);
    await keyed.get('/studio/app.js').expect(200);
    for (const path of ['/snapshots', '/snapshots/governed', '/profiles']) await keyed.get(path).expect(401);
    await keyed.post('/download/csv?entity=person').send({ records: 1 }).expect(401);
    await keyed.get('/snapshots').set('X-API-Key', 'k-123').expect(200);
  });

  it('GET /profiles: each profile as a run resolves it, and the formats', async () => {
    const res = await agent.get('/profiles').expect(200);
    expect(res.body.default_profile).to.equal('baseline');
    const book = res.body.profiles.find((p: { name: string }) => p.name === 'book');
    expect(book).to.include({ records: 1000, seed: 20251101, as_of: '2025-11-01' });
    expect(book.entities).to.include.members(['account', 'policy', 'coverage']);
    expect(res.body.profiles.find((p: { name: string }) => p.name === 'heavy')).to.include({ randomize: true, seed: null });
    expect(res.body.formats).to.include.members(['csv', 'ndjson', 'sqlite', 'parquet']);
  });

  it('GET /snapshots: the governed snapshot and the runs, newest first, with paths relative to the config folder', async () => {
    const res = await agent.get('/snapshots').expect(200);
    const ids = res.body.snapshots.map((s: { id: string }) => s.id);
    expect(ids).to.deep.equal(['governed', fixture.runs[1], fixture.runs[0]]);
    const second = res.body.snapshots[1];
    expect(second).to.include({ profile: 'book', records: 16, seed: 9, url: `/snapshots/${fixture.runs[1]}` });
    expect(second.record_counts.claims).to.be.greaterThan(0);
    expect(res.body.snapshots[0]).to.include({ id: 'governed', path: 'data/snapshots/v0.1', records: 200 });
    expectNoInternals(res.text.replace(new RegExp(tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '<tmp>'));
  });

  it('GET /snapshots/:id: the verify report with pass rates, esdh stats, and charts whose counts add up', async () => {
    const res = await agent.get(`/snapshots/${fixture.runs[0]}`).expect(200);
    const view = res.body as SnapshotView;
    expect(view.verify.ok).to.equal(true);
    expect(view.verify.rules.length).to.be.greaterThan(20);
    for (const rule of view.verify.rules) expect(rule.pass_rate, rule.rule).to.equal(1);
    const counts = view.manifest.record_counts;
    expect(view.stats.entities.claims!.records).to.equal(counts.claims);
    const chart = (id: string) => view.charts.find((c) => c.id === id);
    const sum = (id: string) => chart(id)!.values.reduce((a, b) => a + b, 0);
    expect(view.charts.map((c) => c.id)).to.deep.equal(['ages', 'states', 'makes', 'model_years', 'lob', 'coverages', 'premiums', 'claim_causes', 'claim_months', 'severities']);
    expect(sum('states')).to.equal(counts.persons);
    expect(sum('model_years')).to.equal(counts.vehicles);
    expect(sum('lob')).to.equal(counts.accounts);
    expect(sum('coverages')).to.equal(counts.coverages);
    expect(sum('premiums')).to.equal(counts.policies);
    expect(sum('claim_causes')).to.equal(counts.claims);
    expect(sum('claim_months')).to.equal(counts.claims);
    expect(chart('claim_months')!.labels.every((l) => /^\d{4}-\d{2}$/.test(l))).to.equal(true);
    const months = chart('claim_months')!.labels.map((l) => Number(l.slice(0, 4)) * 12 + Number(l.slice(5)) - 1);
    expect(months.every((m, i) => i === 0 || m === months[i - 1]! + 1), 'every month from the first to the last').to.equal(true);
    // Severities: every exposure with a paid indemnity, once.
    const exposures = readFileSync(join(fixture.runsDir, fixture.runs[0], 'claim_exposures_v0_1.csv'), 'utf8').trim().split('\n');
    const paidAt = exposures[0]!.split(',').indexOf('paid_indemnity');
    expect(sum('severities')).to.equal(exposures.slice(1).filter((line) => Number(line.split(',')[paidAt]) > 0).length).and.to.be.greaterThan(0);
    expect(view.files.map((f) => f.file)).to.include('snapshot_v0_1.db');
    expect(view.stats.snapshot).to.equal(fixture.runs[0]);
    expectNoInternals(res.text);
  });

  it('GET /snapshots/governed: the committed v0.1 snapshot, verified', async () => {
    const res = await agent.get('/snapshots/governed').expect(200);
    expect(res.body.verify.ok).to.equal(true);
    expect(res.body.charts.map((c: { id: string }) => c.id)).to.include.members(['ages', 'states', 'makes', 'model_years', 'lob']);
  });

  it('refuses anything but a listed id with a 404 JSON error: paths, .., links out of the runs folder, folders without a manifest', async () => {
    mkdirSync(join(fixture.runsDir, 'empty_folder'));
    symlinkSync(join(process.cwd(), 'data', 'snapshots', 'v0.1'), join(fixture.runsDir, 'link_out'));
    symlinkSync(join(fixture.runsDir, fixture.runs[0]), join(fixture.runsDir, 'link_in'));
    expect(listSnapshots(fixture.engine).map((s) => s.id)).to.include('link_in').and.not.include('link_out');
    for (const id of ['..', '.', '%2e%2e', '..%2F..%2Fetc', 'empty_folder', 'link_out', 'nothing', '.hidden', encodeURIComponent(join(fixture.runsDir, fixture.runs[0]))]) {
      const res = await agent.get(`/snapshots/${id}`);
      expect(res.status, id).to.be.oneOf([404]);
      expect(res.body.error.esdh_code, id).to.be.oneOf(['ESDH_ERR_SNAPSHOT_NOT_FOUND', 'ESDH_ERR_HTTP_ROUTE_UNKNOWN']);
    }
    const named = await agent.get('/snapshots/nothing').expect(404);
    expect(named.body.error.message).to.include('GET /snapshots').and.include('governed');
  });

  it('histogram: 12 bins up to the 98th percentile, the tail in an open last bin; every value counted once', () => {
    const values = [...Array.from({ length: 196 }, (_, i) => 500 + i * 5), 90_000, 95_000, 99_000, 120_000];
    const chart = histogram('premiums', 'Premiums', 'policies.total_premium', values)!;
    expect(chart.values).to.have.length(12);
    expect(chart.values.reduce((a, b) => a + b, 0)).to.equal(values.length);
    expect(chart.labels[0]).to.match(/^500–/);
    expect(chart.labels[11]).to.match(/\+$/);
    expect(chart.values[11]).to.be.at.least(4);
    expect(histogram('x', 'x', 'x', [7, 7, 7])!.values).to.deep.equal([3]);
    expect(histogram('x', 'x', 'x', [])).to.equal(undefined);
  });

  it('ViewCache computes a view once per manifest version, again when the manifest changes', async () => {
    const cache = new ViewCache(fixture.engine);
    const entry = listSnapshots(fixture.engine).find((s) => s.id === fixture.runs[1])!;
    const first = cache.get(entry);
    expect(cache.get(entry)).to.equal(first);
    await first;
    const manifest = join(entry.path, 'snapshot_manifest_v0_1.json');
    const later = new Date(Date.now() + 60_000);
    utimesSync(manifest, later, later);
    const second = cache.get(entry);
    expect(second).not.to.equal(first);
    expect((await second).id).to.equal(fixture.runs[1]);
  });

  it('POST /download/csv?entity=person: the bytes esdh run writes for the same body; the temp folder is removed', async () => {
    const before = downloadFolders();
    const res = await agent.post('/download/csv?entity=person').send({ profile: 'book', records: 3, seed: 42 }).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="persons_v0_1.csv"');
    const out = join(fixture.root, 'csv-run');
    await fixture.engine.run({ profile: 'book', records: 3, seed: 42, formats: ['csv'], out });
    expect((res.body as Buffer).equals(readFileSync(join(out, 'persons_v0_1.csv')))).to.equal(true);
    for (let i = 0; i < 100 && downloadFolders().some((n) => !before.includes(n)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(downloadFolders().filter((n) => !before.includes(n))).to.deep.equal([]);
  });

  it('POST /download/sqlite with entities: one database with those tables; parquet per entity', async () => {
    const res = await agent.post('/download/sqlite').send({ records: 4, seed: 9, entities: ['person', 'vehicle'] }).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="snapshot_v0_1.db"');
    const file = join(fixture.root, 'download.db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, res.body as Buffer);
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n).to.equal(4);
      expect((db.prepare('SELECT count(*) AS n FROM vehicles').get() as { n: number }).n).to.equal(4);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'profiles'").get()).to.equal(undefined);
    } finally {
      db.close();
    }
    const parquet = await agent.post('/download/parquet?entity=vehicle').send({ records: 2, seed: 9 }).buffer(true).parse(binary as never).expect(200);
    expect((parquet.body as Buffer).subarray(0, 4).toString()).to.equal('PAR1');
  });

  it('bad downloads are JSON 4xx: unknown format, a per-entity format without ?entity=, an entity not in the run, bad entities, bad body', async () => {
    const before = downloadFolders();
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['/download/xml', { records: 1 }, 400, /Unknown download format 'xml'; formats: csv/],
      ['/download/csv', { records: 1 }, 400, /\?entity=<name>/],
      ['/download/csv?entity=policy', { records: 1 }, 400, /no file for entity 'policy'/],
      ['/download/csv?entity=spaceship', { records: 1 }, 404, /Unknown entity 'spaceship'/],
      ['/download/csv?entity=person', { records: 1, entities: 'person' }, 400, /Invalid entities/],
      ['/download/csv?entity=person', { records: 0 }, 400, /records/],
      ['/download/csv?entity=person', { records: 1, colour: 'red' }, 400, /Unknown field 'colour'/],
      ['/download/csv?entity=person', { records: 10_001 }, 400, /over the limit/],
    ];
    for (const [path, body, status, message] of cases) {
      const res = await agent.post(path).send(body as object);
      expect(res.status, path).to.equal(status);
      expect(res.body.error.message, path).to.match(message);
    }
    expect(downloadFolders().filter((n) => !before.includes(n))).to.deep.equal([]);
  });
});
