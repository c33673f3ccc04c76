/**
 * householdPlan: the composition of an account follows from the account
 * record and the run's inputs alone (a copy of the record, another engine,
 * the same plan), and the synthetic business numbers keep their promises.
 */
import { expect } from 'chai';
import type { Account } from '../../../engine/index.js';
import { householdPlan, householdSurname, needsUsdot } from '../../../plugins/account/household-plan.js';
import { fein, usdotNumber } from '../../../plugins/account/numbers.js';
import { bookEngine, makeBook } from './book-helpers.js';

describe('householdPlan and business numbers', function () {
  this.timeout(60_000);

  it('is a pure function of the account record and the run inputs: a JSON copy of the record, on another engine, gets the same plan', async () => {
    const one = await bookEngine();
    const two = await bookEngine();
    const { accounts } = await makeBook(one, 200, { seed: 12 });
    const inputs = (engine: typeof one) => ({ seed: 12, asOf: '2025-11-01', data: engine.data, distributions: engine.plan({ profile: 'book' }).distributions });
    for (const account of accounts) {
      const copy = JSON.parse(JSON.stringify(account)) as Account;
      const a = householdPlan(account, inputs(one));
      const b = householdPlan(copy, inputs(two));
      expect(JSON.stringify(b), account.account_id).to.equal(JSON.stringify(a));
      expect(householdPlan(account, inputs(one))).to.equal(a); // memoised per record
    }
    // Another seed, another plan for the same record.
    const personal = accounts.filter((a) => a.lob_type === 'Personal' && a.household_size! >= 3);
    const changed = personal.filter((a) => JSON.stringify(householdPlan(JSON.parse(JSON.stringify(a)) as Account, { ...inputs(one), seed: 13 })) !== JSON.stringify(householdPlan(a, inputs(one))));
    expect(changed.length).to.be.greaterThan(0);
  });

  it('reads the surname from the account name', () => {
    expect(householdSurname({ account_name: 'The Garcia household' })).to.equal('Garcia');
    expect(householdSurname({ account_name: 'The De La Cruz household' })).to.equal('De La Cruz');
  });

  it('USDOT is required for for-hire carriers and for interstate carriers with a vehicle over 10,000 lb GVWR (49 CFR 390.19)', () => {
    expect(needsUsdot({ operation: 'for_hire', interstate: false }, [6000])).to.equal(true);
    expect(needsUsdot({ operation: 'private', interstate: true }, [6000, 10_000])).to.equal(false);
    expect(needsUsdot({ operation: 'private', interstate: true }, [6000, 10_001])).to.equal(true);
    expect(needsUsdot({ operation: 'private', interstate: false }, [40_000])).to.equal(false);
  });

  it('FEINs and USDOT numbers are distinct for distinct units, FEINs with never-assigned prefixes, USDOT numbers 8 digits from 90,000,000', () => {
    const prefixes = ['07', '08', '09', '17'];
    const feins = new Set<string>();
    const dots = new Set<string>();
    for (let unit = 0; unit < 20_000; unit++) {
      const f = fein(prefixes, 42, unit);
      expect(f).to.match(/^(07|08|09|17)-\d{7}$/);
      feins.add(f);
      const d = usdotNumber(42, unit);
      expect(d).to.match(/^9\d{7}$/);
      dots.add(d);
    }
    expect(feins.size).to.equal(20_000);
    expect(dots.size).to.equal(20_000);
    expect(usdotNumber(1, 5)).to.not.equal(usdotNumber(2, 5));
  });
});

describe('account record checks catch a broken account', function () {
  this.timeout(60_000);

  it('each rule passes on generated accounts and fails on one broken field', async () => {
    const engine = await bookEngine();
    const { accounts } = await makeBook(engine, 300, { seed: 4 });
    const plugin = engine.registry.get('account');
    const ctx = { data: engine.data, asOf: '2025-11-01', marker: engine.config.synthetic_source };
    const fails = (rule: string, a: Account) => plugin.checks!.find((c) => c.name === rule)!.test(a, ctx);
    for (const a of accounts) for (const check of plugin.checks!) expect(check.test(a, ctx), `${check.name} ${a.account_id}`).to.equal(null);
    const personal = accounts.find((a) => a.lob_type === 'Personal')!;
    const business = accounts.find((a) => a.lob_type === 'Commercial')!;
    const broken: [string, Account][] = [
      ['account.id_uuid_v4', { ...personal, account_id: 'not-a-uuid' }],
      ['account.lob_fields', { ...personal, fleet_size: 3 }],
      ['account.lob_fields', { ...business, household_size: 2 }],
      ['account.lob_fields', { ...business, operation: 'private', cargo: 'general' }],
      ['account.name', { ...personal, account_name: 'Garcia' }],
      ['account.name', { ...business, account_name: 'Acme Trucking LLC', business_name: 'Acme Trucking LLC' }],
      ['account.children_under_15', { ...personal, household_size: 2, children_under_15: 2 }],
      ['account.zip_in_city', { ...personal, city: 'Nowhere' }],
      ['account.fein_format', { ...business, fein: '12-3456789' }],
      ['account.usdot_format', { ...business, usdot_number: '1234567' }],
    ];
    for (const [rule, account] of broken) expect(fails(rule, account), rule).to.be.a('string');
  });
});
