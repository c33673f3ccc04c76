/**
 * Vehicles of a book of business: a household's cars garaged at its ZIP and
 * driven by its licensed residents; a business's fleet with classes, GVWR
 * and radius that agree, trucks from the vPIC truck table; usage and
 * mileage by line; unique VINs with an honest capacity; v0.1 vehicles carry
 * the new fields after their v0.1 draws.
 */
import { expect } from 'chai';
import type { Engine } from '../../../engine/index.js';
import { VEHICLE_SLOTS } from '../../../plugins/account/household-plan.js';
import { gvwrClass, sizeClass, vehicleClassFor } from '../../../plugins/vehicle/classes.js';
import { MAX_UNITS } from '../../../plugins/vehicle/index.js';
import { type Book, bookEngine, makeBook } from '../account/book-helpers.js';

describe('book vehicles', function () {
  this.timeout(120_000);
  let engine: Engine;
  let book: Book;

  before(async () => {
    engine = await bookEngine();
    book = await makeBook(engine, 1500, { seed: 77 });
  });

  it('count: 1-4 per household, fleet_size per business; the owner is the named insured or the first scheduled driver', () => {
    for (const a of book.accounts) {
      const vehicles = book.vehicles.filter((v) => v.account_id === a.account_id);
      const persons = book.persons.filter((p) => p.account_id === a.account_id);
      if (a.lob_type === 'Personal') {
        expect(vehicles.length).to.be.within(1, 4);
        expect(vehicles.every((v) => v.person_id === persons.find((p) => p.relationship === 'named_insured')!.person_id)).to.equal(true);
      } else {
        expect(vehicles.length).to.equal(a.fleet_size);
        expect(vehicles.every((v) => v.person_id === persons[0]!.person_id)).to.equal(true);
      }
    }
  });

  it('usage and annual mileage by line: Personal commute/pleasure/business/farm around 12,000 miles; Commercial service/retail/commercial, tractors the most', () => {
    const personal = book.vehicles.filter((v) => v.lob_type === 'Personal');
    const commercial = book.vehicles.filter((v) => v.lob_type === 'Commercial');
    expect(new Set(personal.map((v) => v.usage))).to.have.all.keys('commute', 'pleasure', 'business', 'farm');
    expect(new Set(commercial.map((v) => v.usage))).to.have.all.keys('service', 'retail', 'commercial');
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(median(personal.map((v) => v.annual_mileage))).to.be.within(7_000, 14_000);
    const tractors = commercial.filter((v) => (v.gvwr_lbs ?? 0) > 33_000 && v.radius_class === 'long_distance');
    expect(tractors.length).to.be.greaterThan(0);
    expect(median(tractors.map((v) => v.annual_mileage))).to.be.greaterThan(60_000);
  });

  it('Commercial fleets span the GVWR classes, light (catalogue pickups, vans, SUVs) to class 8 trucks (the vPIC truck table)', () => {
    const commercial = book.vehicles.filter((v) => v.lob_type === 'Commercial');
    const classes = new Set(commercial.map((v) => gvwrClass(v.gvwr_lbs!)));
    expect([...classes]).to.include.members([1, 2, 4, 5, 8]);
    expect(new Set(commercial.map((v) => sizeClass(v.gvwr_lbs!)))).to.have.all.keys('light', 'medium', 'heavy', 'extra-heavy');
    expect(commercial.filter((v) => v.body_style === 'Truck').every((v) => v.gvwr_lbs! > 10_000)).to.equal(true);
    expect(commercial.filter((v) => v.body_style !== 'Truck').every((v) => v.gvwr_lbs! <= 10_000)).to.equal(true);
  });

  it('vehicle classes follow the size classes: light by body, medium 10,001-20,000, heavy 20,001-45,000, extra-heavy over', () => {
    expect(vehicleClassFor('van', 9_000)).to.equal('van');
    expect(vehicleClassFor('car', 6_000)).to.equal('private passenger');
    expect(vehicleClassFor('pickup', 10_000)).to.equal('light truck');
    expect(vehicleClassFor('straight', 10_001)).to.equal('medium truck');
    expect(vehicleClassFor('straight', 20_001)).to.equal('heavy truck');
    expect(vehicleClassFor('tractor', 45_001)).to.equal('extra-heavy truck');
    expect([6_000, 6_001, 10_001, 14_001, 16_001, 19_501, 26_001, 33_001].map(gvwrClass)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('VINs are unique across the book', () => {
    expect(new Set(book.vehicles.map((v) => v.vin)).size).to.equal(book.vehicles.length);
  });

  it("maxUnits: in a book run the serial space is shared by each account's vehicle numbers, packed by line", () => {
    const plugin = engine.registry.get('vehicle');
    const ctx = (entities: string[]) => ({ data: engine.data, asOf: '2025-11-01', marker: 'x', options: {}, distributions: engine.plan({ profile: 'book' }).distributions, entities, where: [] });
    // Blocks of 4,096 accounts: 410 businesses of up to 50 vehicles, 3,686 households of up to 4 (380,928 accounts where 50 a unit gave 66,000).
    expect(plugin.maxUnits!(plugin.setup!(ctx(['account', 'person', 'vehicle'])))!.units).to.equal(Math.floor(MAX_UNITS / (410 * VEHICLE_SLOTS.commercial + 3686 * VEHICLE_SLOTS.personal)) * 4096);
    expect(plugin.maxUnits!(plugin.setup!(ctx(['person', 'vehicle'])))!.units).to.equal(MAX_UNITS);
  });

  it('v0.1 vehicles: no account, the owner drives it, a use and mileage, no commercial class', async () => {
    const vehicles = await engine.generate('vehicle', { records: 30, seed: 42 });
    for (const v of vehicles) {
      expect([v.account_id, v.principal_driver_id, v.vehicle_class, v.gvwr_lbs, v.radius_class]).to.deep.equal([null, v.person_id, null, null, null]);
      expect(v.annual_mileage).to.be.greaterThan(0);
    }
  });
});
