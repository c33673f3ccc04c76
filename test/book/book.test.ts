/**
 * The `book` profile end to end: every table from accounts to coverages in
 * every format, verify passing every rule at 100%, `--lob`, the HTTP routes
 * and `esdh profiles` covering the new entities, `engine.build` keeping
 * dependents coherent, and `baseline` keeping its v0.1 files.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildUnit, type EntityRecord } from '../../engine/index.js';
import { esdh } from '../helpers/cli.js';
import { newEngine } from '../helpers/engine.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { testAgent } from '../adapters/transports/http/helpers.js';

const BOOK_TABLES = ['accounts', 'persons', 'vehicles', 'profiles', 'policies', 'policy_drivers', 'policy_vehicles', 'coverages'];
const CLAIM_TABLES = ['claims', 'claim_exposures', 'claim_transactions'];

describe('the book profile', function () {
  this.timeout(300_000);
  const tempDir = useTempDirs('esdh-book-');

  it('esdh run --profile book writes every table in every format, and verify passes every rule at 100%', async () => {
    const out = join(tempDir(), 'book');
    const run = await esdh(['run', '--profile', 'book', '--records', '400', '--format', 'csv,json,ndjson,sqlite,parquet', '--out', out, '--quiet'], tempDir());
    expect(run.code, run.stderr).to.equal(0);
    const files = readdirSync(out);
    for (const table of BOOK_TABLES) {
      for (const suffix of ['csv', 'ndjson', 'parquet']) expect(files, `${table}.${suffix}`).to.include(`${table}_v0_1.${suffix}`);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'snapshot_manifest_v0_1.json'), 'utf8')) as { record_counts: Record<string, number> };
    expect(manifest.record_counts.accounts).to.equal(400);
    for (const table of [...BOOK_TABLES, ...CLAIM_TABLES]) expect(manifest.record_counts[table], table).to.be.greaterThan(0);
    expect(manifest.record_counts.persons).to.be.greaterThan(400);
    expect(manifest.record_counts.coverages).to.be.greaterThan(manifest.record_counts.policy_vehicles!);

    const engine = await newEngine();
    const report = await engine.verify(out);
    const failed = report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule}: ${r.examples.join(' | ')}`);
    expect(failed).to.deep.equal([]);
    // The account, policy and coverage rules ran on real records, not on nothing.
    const ran = new Map(report.rules.map((r) => [r.rule, r.checked]));
    const domain = report.rules.filter((r) => /^(account|household|policy|coverage|vehicle\.principal|claim)/.test(r.rule));
    expect(domain.length).to.be.greaterThan(35);
    for (const rule of domain) expect(ran.get(rule.rule), rule.rule).to.be.greaterThan(0);
  });

  it('--lob Commercial makes only businesses, --lob Personal only households', async () => {
    const engine = await newEngine();
    for (const lob of ['Commercial', 'Personal'] as const) {
      const { accounts, policies } = await engine.generate('bundle', { profile: 'book', records: 60, seed: 3, lob });
      expect(new Set(accounts!.map((a) => a.lob_type))).to.deep.equal(new Set([lob]));
      expect(new Set(policies!.map((p) => p.lob_type))).to.deep.equal(new Set([lob]));
    }
  });

  it("a Personal account's vehicles are garaged at its address, and every vehicle has a principal driver on each policy", async () => {
    const engine = await newEngine();
    const bundle = await engine.generate('bundle', { profile: 'book', records: 200, seed: 11, lob: 'Personal' });
    const accounts = new Map(bundle.accounts!.map((a) => [a.account_id, a]));
    for (const vehicle of bundle.vehicles) {
      const account = accounts.get(vehicle.account_id!)!;
      expect([vehicle.garaging_state, vehicle.garaging_postal_code]).to.deep.equal([account.state, account.postal_code]);
    }
    const drivers = new Map<string, EntityRecord[]>();
    for (const d of bundle.policy_drivers!) (drivers.get(d.policy_id) ?? drivers.set(d.policy_id, []).get(d.policy_id)!).push(d as unknown as EntityRecord);
    for (const pv of bundle.policy_vehicles!) {
      const listed = drivers.get(pv.policy_id)!.find((d) => d.person_id === pv.principal_driver_id);
      expect(listed, `principal driver of vehicle ${pv.vehicle_id} on policy ${pv.policy_id}`).to.not.equal(undefined);
      expect(listed!.driver_status).to.not.equal('excluded');
    }
  });

  it('baseline keeps its v0.1 files: persons, vehicles and profiles, one each per unit, every v0.1 field filled', async () => {
    const out = join(tempDir(), 'baseline');
    const run = await esdh(['run', '--profile', 'baseline', '--out', out, '--quiet'], tempDir());
    expect(run.code, run.stderr).to.equal(0);
    const data = readdirSync(out).filter((f) => /\.(csv|json)$/.test(f) && !f.startsWith('snapshot_'));
    expect(data.sort()).to.deep.equal(['dataset_v0_1.json', 'metadata_v0_1.json', 'persons_v0_1.csv', 'profiles_v0_1.csv', 'vehicles_v0_1.csv']);
    expect(existsSync(join(out, 'accounts_v0_1.csv'))).to.equal(false);
    const persons = readFileSync(join(out, 'persons_v0_1.csv'), 'utf8').trim().split('\n');
    expect(persons).to.have.length(31);
    const header = persons[0]!.split(',');
    const v01 = ['person_id', 'first_name', 'last_name', 'date_of_birth', 'driver_license_number', 'driver_license_state', 'address_line_1', 'address_line_2', 'city', 'state', 'postal_code', 'country', 'lob_type', 'synthetic_source'];
    expect(header.slice(0, v01.length)).to.deep.equal(v01);
    const engine = await newEngine();
    const { persons: records } = await engine.generate('bundle', { profile: 'baseline' });
    for (const p of records) {
      for (const field of v01.filter((f) => f !== 'address_line_2')) expect(p[field as keyof typeof p], field).to.not.equal(null);
      expect([p.relationship, p.licence_status, p.account_id]).to.deep.equal(['named_insured', 'valid', null]);
    }
  });

  it('engine.build keeps dependents coherent: a policy built for a pinned account reads it', async () => {
    const engine = await newEngine();
    const unit = buildUnit(engine, 'coverage', {
      seed: 5,
      overrides: { account: { lob_type: 'Personal', state: 'NV', city: 'Reno', postal_code: '89501' } },
    });
    const account = unit.account![0]!;
    expect(account.state).to.equal('NV');
    for (const person of unit.person!) expect([person.state, person.city, person.postal_code, person.account_id]).to.deep.equal(['NV', 'Reno', '89501', account.account_id]);
    for (const policy of unit.policy!) expect([policy.base_state, policy.account_id]).to.deep.equal(['NV', account.account_id]);
    const bi = unit.coverage!.filter((c) => c.coverage_code === 'BI');
    expect(bi.length).to.be.greaterThan(0);
    for (const c of bi) expect(c.limit_per_person as number).to.be.at.least(25_000);
  });

  it('engine.build of a person pinned to an account builds the household resident (the optional dependency comes in)', async () => {
    const engine = await newEngine();
    const person = engine.build('person', { seed: 8, overrides: { account: { state: 'NV', city: 'Reno', postal_code: '89501' } } });
    expect(person.account_id).to.be.a('string');
    expect([person.state, person.city, person.postal_code]).to.deep.equal(['NV', 'Reno', '89501']);
    expect(engine.build('person', { seed: 8 }).account_id).to.equal(null);
  });

  it('the HTTP API serves every book entity and a book bundle; esdh profiles lists the book', async () => {
    const { agent } = await testAgent();
    const entities = (await agent.get('/entities')).body as { entities: { name: string }[] };
    for (const name of ['account', 'policy_driver', 'policy_vehicle', 'coverage']) expect(entities.entities.map((e) => e.name)).to.include(name);
    for (const name of ['account', 'coverage', 'policy_driver']) {
      const res = await agent.post(`/generate/${name}`).send({ records: 3, seed: 1 });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    const bundle = await agent.post('/generate/bundle').send({ profile: 'book', records: 4, lob: 'Commercial' });
    expect(bundle.status, JSON.stringify(bundle.body).slice(0, 300)).to.equal(200);
    for (const table of BOOK_TABLES) expect(bundle.body[table], table).to.be.an('array').that.is.not.empty;
    expect(new Set((bundle.body.accounts as { lob_type: string }[]).map((a) => a.lob_type))).to.deep.equal(new Set(['Commercial']));
    const bad = await agent.post('/generate/bundle').send({ profile: 'book', lob: 'Fleet' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.match(/lob.*Personal.*Commercial/);

    const profiles = await esdh(['profiles', '--json'], tempDir());
    const listed = JSON.parse(profiles.stdout) as { profiles: { name: string; entities: string[] }[] };
    expect(listed.profiles.find((p) => p.name === 'book')!.entities).to.include.members(['account', 'coverage']);
  });
});
