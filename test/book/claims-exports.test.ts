/**
 * The claims entities go through the generic paths with no code of their
 * own: SQLite tables with their foreign keys and CSV files that read back
 * to the same records, Parquet files, PostgreSQL DDL, `esdh preview`, and
 * the HTTP routes /generate/claim_exposure and /generate/claim_transaction.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdh } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { testAgent } from '../adapters/transports/http/helpers.js';

const TABLES = ['claims', 'claim_exposures', 'claim_transactions'];

describe('claims in the exporters, preview and HTTP', function () {
  this.timeout(300_000);
  const tempDir = useTempDirs('esdh-claims-export-');

  it('SQLite holds the three tables with their foreign keys, CSV the same records, Parquet a file each', async () => {
    const out = join(tempDir(), 'book');
    const run = await esdh(['run', '--profile', 'book', '--records', '150', '--format', 'csv,ndjson,sqlite,parquet', '--out', out, '--quiet'], tempDir());
    expect(run.code, run.stderr).to.equal(0);
    const files = readdirSync(out);
    for (const table of TABLES) for (const suffix of ['csv', 'ndjson', 'parquet']) expect(files).to.include(`${table}_v0_1.${suffix}`);
    const db = new Database(join(out, files.find((f) => f.endsWith('.db'))!), { readonly: true });
    try {
      for (const table of TABLES) {
        const ndjson = readFileSync(join(out, `${table}_v0_1.ndjson`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(ndjson.length, table).to.be.greaterThan(0);
        expect((db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n, table).to.equal(ndjson.length);
        const csv = readFileSync(join(out, `${table}_v0_1.csv`), 'utf8').trim().split('\n');
        expect(csv.length - 1, table).to.equal(ndjson.length);
        expect(csv[0]!.split(',')).to.deep.equal(Object.keys(ndjson[0]!));
      }
      const fks = (table: string) => (db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[]).map((f) => `${f.from}->${f.table}`).sort();
      expect(fks('claim_exposures')).to.deep.equal(['claim_id->claims', 'coverage_id->coverages']);
      expect(fks('claim_transactions')).to.deep.equal(['exposure_id->claim_exposures']);
      expect(db.prepare('PRAGMA foreign_key_check').all()).to.deep.equal([]);
      // Money reads back as numbers: the exposures' incurred is the sum of its parts in the database too.
      const off = db.prepare('SELECT count(*) AS n FROM claim_exposures WHERE abs(incurred - (paid_indemnity + paid_expense + reserve_outstanding)) > 0.005').get() as { n: number };
      expect(off.n).to.equal(0);
      const sums = db.prepare(`SELECT e.exposure_id, e.paid_indemnity AS paid, coalesce(sum(CASE WHEN t.transaction_type = 'payment' AND t.cost_type = 'indemnity' THEN t.amount END), 0) AS tx
        FROM claim_exposures e LEFT JOIN claim_transactions t ON t.exposure_id = e.exposure_id GROUP BY e.exposure_id HAVING abs(paid - tx) > 0.005`).all();
      expect(sums).to.deep.equal([]);
    } finally {
      db.close();
    }
  });

  it('esdh ddl --dialect postgres and esdh preview cover the new entities', async () => {
    const ddl = await esdh(['ddl', '--dialect', 'postgres', '--entities', 'claim_transaction'], tempDir());
    expect(ddl.code, ddl.stderr).to.equal(0);
    expect(ddl.stdout).to.include('CREATE TABLE "claim_exposures"');
    expect(ddl.stdout).to.include('"closed_date" DATE');
    expect(ddl.stdout).to.include('FOREIGN KEY ("exposure_id") REFERENCES "claim_exposures" ("exposure_id")');
    const preview = await esdh(['preview', '--profile', 'book', '--records', '40', '--preview', '1'], tempDir());
    expect(preview.code, preview.stderr).to.equal(0);
    expect(preview.stdout).to.match(/claim_exposures \(\d+ records/);
    expect(preview.stdout).to.match(/claim_transactions \(\d+ records/);
  });

  it('the HTTP API generates claim exposures and transactions, and a book bundle carries them', async () => {
    const { agent } = await testAgent();
    for (const name of ['claim', 'claim_exposure', 'claim_transaction']) {
      const res = await agent.post(`/generate/${name}`).send({ records: 40, seed: 3 });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    }
    const bundle = await agent.post('/generate/bundle').send({ profile: 'book', records: 40, seed: 3 });
    expect(bundle.status).to.equal(200);
    for (const table of TABLES) expect(bundle.body[table], table).to.be.an('array').that.is.not.empty;
    const ids = new Set((bundle.body.claim_exposures as { exposure_id: string }[]).map((e) => e.exposure_id));
    for (const t of bundle.body.claim_transactions as { exposure_id: string }[]) expect(ids.has(t.exposure_id)).to.equal(true);
  });
});
