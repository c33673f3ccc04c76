/**
 * Scenario targeting (issue 13) built by the book's plugins: each targetable
 * field, given a term, is met by every unit of a few hundred (checked unit
 * by unit) while the rest of the data keeps its shape and every domain rule
 * still passes; the claim guarantee holds on every account for several loss
 * windows; terms no account can meet fail in setup with
 * ESDH_ERR_WHERE_IMPOSSIBLE naming them; the same seed and terms give the
 * same records; and no terms give exactly the records of a run without
 * targeting.
 */
import { expect } from 'chai';
import { isEsdhError, yearsBetween, type EntityRecord } from '../../engine/kit.js';
import { residenceOf } from '../../plugins/account/household-plan.js';
import { loadPersonTables } from '../../plugins/person/tables.js';
import { claimGuaranteeBroken, data, flatten, generator, ruleFailures, units, unmet, V01, where, type Records } from './where-helpers.js';

/** Units made under `text`, after checking every unit meets every non-claim term and every domain rule passes. */
function constructed(text: string, count = 200, options: Parameters<typeof units>[2] = {}, root = 'account'): { list: Records[]; all: Records } {
  const terms = where(text, root);
  const list = units(terms, count, options);
  expect(unmet(list, terms.filter((t) => t.entity !== 'claim')), text).to.deep.equal([]);
  const all = flatten(list);
  expect(ruleFailures(all), text).to.deep.equal([]);
  return { list, all };
}

function impossible(text: string, expectTerm: string, options: Parameters<typeof generator>[1] = {}, root = 'account'): string {
  try {
    generator(where(text, root), options);
  } catch (error) {
    expect(isEsdhError(error), String(error)).to.equal(true);
    const e = error as { code: string; message: string };
    expect(e.code).to.equal('ESDH_ERR_WHERE_IMPOSSIBLE');
    expect(e.message).to.include(expectTerm);
    return e.message;
  }
  throw new Error(`${text} did not throw`);
}

const share = (records: readonly EntityRecord[], keep: (r: EntityRecord) => boolean) => records.filter(keep).length / records.length;

describe('scenario targeting: construction by the book plugins', function () {
  this.timeout(300_000);

  describe('no terms', () => {
    it('where: [] gives exactly the records of a run without targeting (book and v0.1)', () => {
      expect(units([], 60)).to.deep.equal(units(undefined, 60));
      expect(units([], 60, { entities: V01 })).to.deep.equal(units(undefined, 60, { entities: V01 }));
    });
  });

  describe('account', () => {
    it('state=AZ: every account in AZ, its ZIP an AZ ZIP, every phone an AZ area code; the lob mix as without terms', () => {
      const { all } = constructed('state=AZ', 300);
      const az = loadPersonTables(data).states.find((s) => s.code === 'AZ')!;
      const areaCodes = new Set(az.zips.flatMap((z) => z.areaCodes));
      for (const a of all.account!) {
        expect(a.state).to.equal('AZ');
        expect(() => residenceOf(data, a as never)).not.to.throw();
      }
      for (const p of all.person!) {
        expect(p.state).to.equal('AZ');
        expect(areaCodes.has(String(p.phone).slice(0, 3)), String(p.phone)).to.equal(true);
      }
      const commercial = share(all.account!, (a) => a.lob_type === 'Commercial');
      expect(commercial).to.be.within(0.05, 0.15);
      expect(new Set(all.account!.map((a) => a.postal_code)).size).to.be.greaterThan(100);
    });

    it('lob_type=Commercial: every account a business, fleets still mostly small', () => {
      const { all } = constructed('lob_type=Commercial', 200);
      expect(all.account!.every((a) => a.lob_type === 'Commercial')).to.equal(true);
      expect(share(all.account!, (a) => (a.fleet_size as number) === 1)).to.be.within(0.4, 0.7);
      expect(new Set(all.account!.map((a) => a.state)).size).to.be.greaterThan(20);
    });

    it('fleet_size>=10: businesses with fleets of 10-50, as many vehicles; vehicles=3..5 with fleet_size!=4', () => {
      const { list, all } = constructed('fleet_size>=10', 100);
      for (const unit of list) {
        const a = unit.account![0]!;
        expect(a.lob_type).to.equal('Commercial');
        expect(a.fleet_size).to.be.within(10, 50);
        expect(unit.vehicle!.length).to.equal(a.fleet_size);
      }
      expect(share(all.account!, (a) => (a.fleet_size as number) < 25)).to.be.greaterThan(0.5);
      constructed('vehicles=3..5,fleet_size!=4', 150);
    });

    it('postal_code: every account at a ZIP the terms leave, its city and area codes from that ZIP; a ZIP with no residents is impossible', () => {
      const { all } = constructed('postal_code=85001..85099', 150);
      for (const a of all.account!) {
        expect(String(a.postal_code) >= '85001' && String(a.postal_code) <= '85099').to.equal(true);
        expect(a.state).to.equal('AZ');
        expect(residenceOf(data, a as never).city).to.equal(a.city);
      }
      expect(new Set(all.account!.map((a) => a.postal_code)).size).to.be.greaterThan(10);
      expect(constructed('postal_code=10001', 30).all.account!.every((a) => a.postal_code === '10001' && a.state === 'NY')).to.equal(true);
      impossible('postal_code=00000', 'postal_code=00000');
    });

    it('lob_type=Personal,fleet_size>=10 is impossible, naming the terms', () => {
      const message = impossible('lob_type=Personal,fleet_size>=10', 'fleet_size>=10');
      expect(message).to.include('Personal account has no fleet_size');
    });
  });

  describe('person', () => {
    for (const text of ['person.age=16..20', 'person.age=80..90', 'person.age=17', 'person.age=30..40,person.age!=35', 'person.relationship=child', 'person.relationship=spouse', 'person.relationship=employee',
      'person.licence_status=permit', 'person.licence_status=suspended', 'person.licence_status=none,person.age=15', 'person.relationship=other_relative,person.age=85..90', 'person.relationship=child,person.licence_status=valid,person.age=17..19']) {
      it(`${text}: every account has a person meeting it, and every rule still passes`, () => {
        constructed(text, 200);
      });
    }

    for (const text of ['persons>=3', 'persons=1', 'persons>=10', 'persons=2..3,lob_type=Commercial', 'persons=4,person.relationship=child']) {
      it(`${text}: every account has that many persons (a household's residents of 15 and over, a business's drivers)`, () => {
        constructed(text, 150);
      });
    }

    it('persons>=6,lob_type=Personal is impossible (households have at most 5 residents)', () => {
      impossible('persons>=6,lob_type=Personal', 'persons>=6');
    });

    it('person.age=16..20 keeps households otherwise as they are: named insureds of every age, mostly more than one resident', () => {
      const { all } = constructed('person.age=16..20', 200);
      const insureds = all.person!.filter((p) => p.relationship === 'named_insured').map((p) => yearsBetween(String(p.date_of_birth), '2025-11-01'));
      expect(Math.max(...insureds)).to.be.greaterThan(40);
    });

    it('person.age=18..20,lob_type=Commercial and person.licence_status=permit,person.relationship=employee are impossible', () => {
      impossible('person.age=18..20,lob_type=Commercial', 'person.age=18..20');
      impossible('person.licence_status=permit,person.relationship=employee', 'person.licence_status=permit');
    });
  });

  describe('vehicle', () => {
    for (const text of ['vehicle.body_style=Truck', 'vehicle.body_style=Convertible', 'vehicle.make=Toyota', 'vehicle.make=Freightliner', 'vehicle.model_year=2010..2012', 'vehicle.vehicle_class=heavy truck',
      'vehicle.vehicle_class=extra-heavy truck', 'vehicle.vehicle_class=van', 'vehicle.usage=farm', 'vehicle.usage=retail', 'vehicles>=3', 'vehicles=1', 'vehicle.make=Ford,vehicle.body_style=Pickup,vehicle.model_year>=2020']) {
      it(`${text}: every account has a vehicle meeting it (VINs decode to its make, model and year: the vehicle checks)`, () => {
        constructed(text, 200);
      });
    }

    it('vehicle.vehicle_class=heavy truck makes businesses whose other vehicles are drawn as usual', () => {
      const { all } = constructed('vehicle.vehicle_class=heavy truck', 200);
      expect(all.account!.every((a) => a.lob_type === 'Commercial')).to.equal(true);
      expect(share(all.vehicle!, (v) => v.vehicle_class === 'heavy truck')).to.be.lessThan(0.6);
    });

    it('impossible vehicles fail in setup: a Personal heavy truck, a trailer, a make with no model in the body style', () => {
      impossible('lob_type=Personal,vehicle.vehicle_class=heavy truck', 'vehicle.vehicle_class=heavy truck');
      impossible('vehicle.vehicle_class=trailer', 'vehicle.vehicle_class=trailer');
      impossible('vehicle.make=Freightliner,vehicle.body_style=Convertible', 'vehicle.make=Freightliner');
    });
  });

  describe('policy and coverage', () => {
    for (const text of ['policy.status=cancelled', 'policy.status=non_renewed', 'policy.status=quote', 'policy.status=expired', 'policy.status!=in_force', 'policy.term_months=6', 'policy.term_months=12']) {
      it(`${text}: every account has a term meeting it`, () => {
        constructed(text, 200);
      });
    }

    for (const code of ['BI', 'PD', 'CSL', 'UMBI', 'UMPD', 'UIMBI', 'MEDPAY', 'PIP', 'COMP', 'COLL', 'RENTAL', 'TOWING', 'HNOA']) {
      it(`coverage.coverage_code=${code}: every account carries it`, () => {
        constructed(`coverage.coverage_code=${code}`, 150);
      });
    }

    it('policy.term_months=6,lob_type=Commercial and coverage.coverage_code=HNOA,lob_type=Personal are impossible', () => {
      impossible('policy.term_months=6,lob_type=Commercial', 'policy.term_months=6');
      impossible('coverage.coverage_code=HNOA,lob_type=Personal', 'coverage.coverage_code=HNOA');
    });
  });

  describe('the claim guarantee', () => {
    const windows: [string, string, string][] = [
      ['claims>=1', '1900-01-01', '2025-11-01'],
      ['claims>=1,claim.loss_date>=2023-01-01', '2023-01-01', '2025-11-01'],
      ['claims>=1,claim.loss_date=2015-03-01..2015-06-30', '2015-03-01', '2015-06-30'],
      ['claims>=1,claim.loss_date=2025-11-01', '2025-11-01', '2025-11-01'],
      ['claims>=2,claim.loss_date=2020-01-01..2020-01-31,lob_type=Commercial', '2020-01-01', '2020-01-31'],
      ['claims>=1,claim.loss_date>=2025-10-01,policy.status=cancelled', '2025-10-01', '2025-11-01'],
      ['claims>=1,claim.loss_date=2018-01-01..2018-12-31,policy.status=non_renewed', '2018-01-01', '2018-12-31'],
      ['claims>=1,state=AZ,lob_type=Commercial', '1900-01-01', '2025-11-01'],
    ];
    for (const [text, first, last] of windows) {
      it(`${text}: every account has a term in force in the window whose first vehicle carries liability, UM, MedPay/PIP, COMP and COLL`, () => {
        const { list } = constructed(text, 250);
        expect(claimGuaranteeBroken(list, first, last)).to.deep.equal([]);
      });
    }

    it('a window no chain reaches, or only as_of with terms that are never in force then, is impossible', () => {
      impossible('claims>=1,claim.loss_date<=2004-01-01', 'claim.loss_date<=2004-01-01');
      impossible('claims>=1,claim.loss_date=2025-11-01,policy.status=cancelled', 'policy.status=cancelled');
      impossible('claims>=1,policy.status=quote', 'policy.status=quote');
    });
  });

  describe('determinism', () => {
    it('the same seed and terms give the same records; another seed other ones', () => {
      const text = 'state=TX,vehicle.body_style=Pickup,person.age=16..19,claims>=1,claim.loss_date>=2024-01-01';
      expect(units(where(text), 40)).to.deep.equal(units(where(text), 40));
      expect(units(where(text), 10, { seed: 7 })).not.to.deep.equal(units(where(text), 10));
    });
  });

  describe('v0.1 runs (a unit is one person and one vehicle)', () => {
    const v01 = { entities: V01 };
    it('state=AZ, person.age=16..20, vehicle.body_style=Sedan, lob_type=Commercial: every unit meets them', () => {
      const { all } = constructed('state=AZ', 200, v01, 'person');
      expect(new Set(all.person!.map((p) => p.state))).to.deep.equal(new Set(['AZ']));
      constructed('person.age=16..20', 200, v01);
      const sedans = constructed('vehicle.body_style=Sedan', 200, v01).all;
      expect(sedans.person!.every((p) => p.lob_type === 'Personal')).to.equal(true);
      constructed('lob_type=Commercial,vehicle.usage=retail', 200, v01, 'person');
      constructed('vehicle.make=Honda,vehicle.model_year=2015..2018', 200, v01);
    });

    it('what a v0.1 unit cannot be is impossible: a second vehicle, a child, a Commercial sedan', () => {
      impossible('vehicles>=2', 'vehicles>=2', v01);
      impossible('persons>=2', 'persons>=2', v01);
      impossible('person.relationship=child', 'person.relationship=child', v01);
      impossible('lob_type=Commercial,vehicle.body_style=Sedan', 'vehicle.body_style=Sedan', v01, 'person');
    });
  });
});
