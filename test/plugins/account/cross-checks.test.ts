/**
 * Each account cross-check rule fails when one record of a generated book
 * breaks it (the checker fed directly, as verify feeds it), and passes on
 * the book as generated.
 */
import { expect } from 'chai';
import type { Account, Engine, Person, Vehicle } from '../../../engine/index.js';
import { type Book, bookEngine, copyBook, crossCheck, makeBook } from './book-helpers.js';

type Records = Pick<Book, 'accounts' | 'persons' | 'vehicles'>;

describe('account cross checks catch a broken record', function () {
  this.timeout(120_000);
  let engine: Engine;
  let book: Book;

  before(async () => {
    engine = await bookEngine();
    book = await makeBook(engine, 400, { seed: 3 });
  });

  /** The rule's failures after `mutate` (which must find what it breaks). */
  function failuresAfter(rule: string, mutate: (b: Records) => void): number {
    const broken = copyBook(book);
    mutate(broken);
    const outcome = crossCheck(engine, broken).get(rule);
    expect(outcome, rule).to.not.equal(undefined);
    return outcome!.failed;
  }

  function expectBreaks(rule: string, mutate: (b: Records) => void): void {
    expect(crossCheck(engine, book).get(rule)!.failed, `${rule} passes on the generated book`).to.equal(0);
    expect(failuresAfter(rule, mutate), rule).to.be.greaterThan(0);
  }

  const personsOf = (b: Records, a: Account) => b.persons.filter((p) => p.account_id === a.account_id);
  const vehiclesOf = (b: Records, a: Account) => b.vehicles.filter((v) => v.account_id === a.account_id);
  const find = <T>(list: readonly T[], test: (x: T) => boolean, what: string): T => {
    const found = list.find(test);
    if (!found) throw new Error(`the book has no ${what}`);
    return found;
  };
  const household = (b: Records, test: (persons: Person[]) => boolean, what: string) => find(b.accounts, (a) => a.lob_type === 'Personal' && test(personsOf(b, a)), what);
  const heavy = (b: Records): Vehicle => find(b.vehicles, (v) => (v.gvwr_lbs ?? 0) >= 26_001, 'heavy vehicle');

  it('account.residents_address: a resident at another address', () => {
    expectBreaks('account.residents_address', (b) => {
      const a = household(b, (ps) => ps.length >= 2, 'household of two');
      personsOf(b, a)[1]!.postal_code = '00000';
    });
  });

  it('account.residents_phone_area: a resident with an area code that does not serve the ZIP, or another than the household\'s', () => {
    expectBreaks('account.residents_phone_area', (b) => {
      const p = b.persons.find((x) => x.relationship === 'named_insured')!;
      p.phone = `000${p.phone.slice(3)}`;
    });
  });

  it('account.named_insured: two named insureds; a named insured of 17; a business with a household member', () => {
    expectBreaks('account.named_insured', (b) => {
      personsOf(b, household(b, (ps) => ps.length >= 2, 'household of two'))[1]!.relationship = 'named_insured';
    });
    expect(failuresAfter('account.named_insured', (b) => {
      find(b.persons, (p) => p.relationship === 'named_insured', 'named insured').date_of_birth = '2010-01-01';
    })).to.equal(1);
    expect(failuresAfter('account.named_insured', (b) => {
      find(b.persons, (p) => p.relationship === 'employee', 'employee').relationship = 'spouse';
    })).to.equal(1);
  });

  it('account.spouse_age_gap: a spouse 30 years older than the named insured', () => {
    expectBreaks('account.spouse_age_gap', (b) => {
      const a = household(b, (ps) => ps.some((p) => p.relationship === 'spouse'), 'household with a spouse');
      const ni = personsOf(b, a).find((p) => p.relationship === 'named_insured')!;
      personsOf(b, a).find((p) => p.relationship === 'spouse')!.date_of_birth = `${Number(ni.date_of_birth.slice(0, 4)) - 30}${ni.date_of_birth.slice(4)}`;
    });
  });

  it('account.child_age_gap: a child 10 years younger than the named insured', () => {
    expectBreaks('account.child_age_gap', (b) => {
      const a = household(b, (ps) => ps.some((p) => p.relationship === 'child'), 'household with a child');
      const ni = personsOf(b, a).find((p) => p.relationship === 'named_insured')!;
      personsOf(b, a).find((p) => p.relationship === 'child')!.date_of_birth = `${Number(ni.date_of_birth.slice(0, 4)) + 10}${ni.date_of_birth.slice(4)}`;
    });
  });

  it('account.household_size: a household_size that is not persons + children under 15', () => {
    expectBreaks('account.household_size', (b) => {
      const a = find(b.accounts, (x) => x.lob_type === 'Personal', 'household');
      a.household_size = a.household_size! + 1;
    });
  });

  it('account.garaging: a vehicle garaged at another ZIP', () => {
    expectBreaks('account.garaging', (b) => {
      b.vehicles[0]!.garaging_postal_code = '00000';
    });
  });

  it("account.principal_driver: another account's person; a resident without a licence", () => {
    expectBreaks('account.principal_driver', (b) => {
      b.vehicles[0]!.principal_driver_id = b.vehicles.find((v) => v.account_id !== b.vehicles[0]!.account_id)!.principal_driver_id;
    });
    expect(failuresAfter('account.principal_driver', (b) => {
      const unlicensed = find(b.persons, (p) => p.licence_status === 'none' && b.vehicles.some((v) => v.account_id === p.account_id), 'resident without a licence');
      b.vehicles.find((v) => v.account_id === unlicensed.account_id)!.principal_driver_id = unlicensed.person_id;
    })).to.equal(1);
  });

  it("account.vehicle_owner: a vehicle owned by another account's person", () => {
    expectBreaks('account.vehicle_owner', (b) => {
      b.vehicles[0]!.person_id = b.vehicles.find((v) => v.account_id !== b.vehicles[0]!.account_id)!.person_id;
    });
  });

  it('account.fleet_size: a business whose fleet_size is not its vehicle count', () => {
    expectBreaks('account.fleet_size', (b) => {
      const a = find(b.accounts, (x) => x.lob_type === 'Commercial', 'business');
      a.fleet_size = a.fleet_size! + 1;
    });
  });

  it('account.usdot: a for-hire carrier without one; a private intrastate light fleet or a household with one', () => {
    expectBreaks('account.usdot', (b) => {
      find(b.accounts, (a) => a.operation === 'for_hire', 'for-hire carrier').usdot_number = null;
    });
    expect(failuresAfter('account.usdot', (b) => {
      find(b.accounts, (a) => a.operation === 'private' && !a.interstate, 'private intrastate business').usdot_number = '91234567';
    })).to.equal(1);
    expect(failuresAfter('account.usdot', (b) => {
      find(b.accounts, (a) => a.lob_type === 'Personal', 'household').usdot_number = '91234567';
    })).to.equal(1);
  });

  it('account.fein_prefix: a prefix the IRS assigns (12), or a FEIN on a household', () => {
    expectBreaks('account.fein_prefix', (b) => {
      const a = find(b.accounts, (x) => x.lob_type === 'Commercial', 'business');
      a.fein = `12${a.fein!.slice(2)}`;
    });
    expect(failuresAfter('account.fein_prefix', (b) => {
      find(b.accounts, (a) => a.lob_type === 'Personal', 'household').fein = '07-1234567';
    })).to.equal(1);
  });

  it('account.vehicle_class: a Personal vehicle with a commercial class; a heavy truck classed as a van', () => {
    expectBreaks('account.vehicle_class', (b) => {
      const personal = find(b.accounts, (a) => a.lob_type === 'Personal', 'household');
      vehiclesOf(b, personal)[0]!.vehicle_class = 'light truck';
    });
    expect(failuresAfter('account.vehicle_class', (b) => {
      heavy(b).vehicle_class = 'van';
    })).to.equal(1);
  });

  it('account.cdl: the principal driver of a 26,001 lb vehicle without a CDL', () => {
    expectBreaks('account.cdl', (b) => {
      const v = heavy(b);
      b.persons.find((p) => p.person_id === v.principal_driver_id)!.cdl_class = null;
    });
  });

  it('account.licence_fields: no licence but a licence number; a licence without its dates', () => {
    expectBreaks('account.licence_fields', (b) => {
      find(b.persons, (p) => p.licence_status === 'none', 'resident without a licence').driver_license_number = 'X1234567';
    });
    expect(failuresAfter('account.licence_fields', (b) => {
      find(b.persons, (p) => p.licence_status === 'valid', 'licensed person').license_issue_date = null;
    })).to.equal(1);
  });
});
