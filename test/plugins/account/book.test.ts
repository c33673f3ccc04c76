/**
 * A book of business of 2,000 accounts (profile `book`, entities account,
 * person, vehicle, profile): every record validates and passes its domain
 * rules, the account cross checks pass for every record, the households and
 * fleets have the shape of their sources, `--lob Personal` gives only
 * households, and the data is deterministic (a slice made alone, a snapshot
 * made with workers, and verify's report).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Engine, EntityRecord, RecordCheck } from '../../../engine/index.js';
import { readSnapshotFiles } from '../../helpers/snapshot-files.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { type Book, BOOK_ENTITIES, bookEngine, crossCheck, failedRules, makeBook } from './book-helpers.js';

describe('book of business: accounts, persons, vehicles, profiles', function () {
  this.timeout(300_000);
  let engine: Engine;
  let book: Book;

  before(async () => {
    engine = await bookEngine();
    book = await makeBook(engine, 2000);
  });

  const personalIds = () => new Set(book.accounts.filter((a) => a.lob_type === 'Personal').map((a) => a.account_id));

  it('every record passes its schema and its domain rules', () => {
    const ctx = { data: engine.data, asOf: '2025-11-01', marker: engine.config.synthetic_source };
    const lists: [string, readonly object[]][] = [['account', book.accounts], ['person', book.persons], ['vehicle', book.vehicles], ['profile', book.profiles]];
    for (const [entity, records] of lists) {
      const plugin = engine.registry.get(entity);
      const validate = engine.schemas.validator(plugin.schemaId);
      const problems: string[] = [];
      for (const record of records) {
        if (!validate(record)) problems.push(`${entity} schema: ${JSON.stringify(validate.errors?.[0])}`);
        for (const check of (plugin.checks ?? []) as RecordCheck[]) {
          const problem = check.test(record as EntityRecord, ctx);
          if (problem) problems.push(`${check.name}: ${problem}`);
        }
      }
      expect(problems.slice(0, 10), entity).to.deep.equal([]);
    }
  });

  it('the account cross checks pass for every record (100%)', () => {
    const outcomes = crossCheck(engine, book);
    expect(failedRules(outcomes)).to.deep.equal([]);
    for (const [rule, o] of outcomes) expect(o.passed, rule).to.be.greaterThan(0);
  });

  it('about 10% Commercial (the book lob mix), 1.7-2.1 vehicles and 1.6-2.0 licensed drivers per household', () => {
    const commercial = book.accounts.filter((a) => a.lob_type === 'Commercial').length / book.accounts.length;
    expect(commercial).to.be.within(0.08, 0.12);
    const personal = personalIds();
    const vehicles = book.vehicles.filter((v) => personal.has(v.account_id!)).length / personal.size;
    const drivers = book.persons.filter((p) => personal.has(p.account_id!) && (p.licence_status === 'valid' || p.licence_status === 'permit')).length / personal.size;
    expect(vehicles).to.be.within(1.7, 2.1);
    expect(drivers).to.be.within(1.6, 2.0);
    // Household sizes follow the CPS shares (1: 28.9%, 2: 34.6%).
    const sizes = book.accounts.filter((a) => a.lob_type === 'Personal').map((a) => a.household_size);
    expect(sizes.filter((s) => s === 1).length / sizes.length).to.be.within(0.25, 0.33);
    expect(sizes.filter((s) => s === 2).length / sizes.length).to.be.within(0.3, 0.39);
  });

  it('households hold spouses, children, relatives, permit holders and residents without a licence; businesses hold employees with CDLs where needed', () => {
    const roles = new Set(book.persons.map((p) => p.relationship));
    expect([...roles]).to.include.members(['named_insured', 'spouse', 'child', 'other_relative', 'employee']);
    const statuses = new Set(book.persons.map((p) => p.licence_status));
    expect([...statuses]).to.include.members(['valid', 'permit', 'suspended', 'none']);
    expect(book.persons.filter((p) => p.cdl_class !== null).length).to.be.greaterThan(0);
    expect(book.vehicles.some((v) => (v.gvwr_lbs ?? 0) >= 26_001)).to.equal(true);
    expect(book.accounts.filter((a) => a.usdot_number !== null).length).to.be.greaterThan(0);
    // Profiles: one per principal driver.
    const principals = new Set(book.vehicles.map((v) => v.principal_driver_id));
    expect(book.profiles.length).to.equal(principals.size);
  });

  it('lob_mix {Personal: 1, Commercial: 0} (esdh run --lob Personal) gives only households', async () => {
    const only = await makeBook(await bookEngine({ config: { profiles: { book_personal: { records: 300, seed: 5, entities: [...BOOK_ENTITIES], distributions: { states: 'all', lob_mix: { Personal: 1, Commercial: 0 } } } } } }), 300, { profile: 'book_personal' });
    expect(only.accounts.every((a) => a.lob_type === 'Personal')).to.equal(true);
    expect(only.persons.every((p) => p.lob_type === 'Personal' && p.relationship !== 'employee')).to.equal(true);
    expect(failedRules(crossCheck(engine, only))).to.deep.equal([]);
  });

  it('is deterministic: the same seed gives the same records; a slice made alone equals the same units of the whole run', async () => {
    const again = await makeBook(await bookEngine(), 200);
    const first = { accounts: book.accounts.slice(0, again.accounts.length) };
    expect(again.accounts).to.deep.equal(first.accounts);
    const count = again.persons.length;
    expect(again.persons).to.deep.equal(book.persons.slice(0, count));
    const slice = await makeBook(engine, 50, { unitStart: 150 });
    expect(slice.accounts).to.deep.equal(book.accounts.slice(150, 200));
    const ids = new Set(slice.accounts.map((a) => a.account_id));
    expect(slice.vehicles).to.deep.equal(book.vehicles.filter((v) => ids.has(v.account_id!)));
    const other = await makeBook(engine, 50, { seed: 7 });
    expect(other.accounts[0]!.account_id).to.not.equal(book.accounts[0]!.account_id);
  });

  describe('a snapshot', () => {
    const tempDir = useTempDirs('esdh-book-');

    it('is the same bytes with 2 workers as with 1, and esdh verify passes it, the cross checks included', async () => {
      const parent = tempDir();
      const request = { profile: 'book', records: 120, seed: 11, entities: [...BOOK_ENTITIES], formats: ['ndjson'] };
      const one = await engine.run({ ...request, out: join(parent, 'one') });
      const two = await engine.run({ ...request, out: join(parent, 'two'), workers: 2 });
      const a = readSnapshotFiles(one.dir);
      const b = readSnapshotFiles(two.dir);
      for (const file of Object.keys(a).filter((f) => f.endsWith('.ndjson'))) expect(b[file], file).to.equal(a[file]);
      const report = await engine.verify(one.dir);
      expect(report.rules.filter((r) => r.failed > 0).map((r) => r.rule)).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.rules.map((r) => r.rule)).to.include.members(['account.principal_driver', 'account.household_size', 'account.usdot']);
    });
  });
});
