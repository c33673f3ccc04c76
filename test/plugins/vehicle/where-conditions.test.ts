/**
 * The vehicle plugin's conditioned catalogue (plugins/vehicle/conditions.ts):
 * every entry left meets the terms, at its weight in the run's table, and
 * the lines or kinds that cannot meet them say why.
 */
import { expect } from 'chai';
import { meetsAll } from '../../../engine/kit.js';
import { vehicleConditions } from '../../../plugins/vehicle/conditions.js';
import { loadVehicleTables } from '../../../plugins/vehicle/tables.js';
import { AS_OF, data, where } from '../../book/where-helpers.js';

const FULL = { body_styles: ['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van'] };
const weights = (cumulative: readonly number[]) => cumulative.map((c, i) => c - (i > 0 ? cumulative[i - 1]! : 0));

describe('plugins/vehicle/conditions (vehicle --where tables)', () => {
  it('Personal entries left meet every term, at their weights in the run\'s Personal table', () => {
    const terms = where('vehicle.make=Toyota,vehicle.model_year=2012..2016,vehicle.body_style!=SUV');
    const c = vehicleConditions(terms, data, AS_OF, FULL);
    const draw = c.personal!.draw;
    expect(draw.entries.length).to.be.greaterThan(5);
    for (const e of draw.entries) {
      expect(e.model.make).to.equal('Toyota');
      expect(meetsAll(terms.slice(1, 2), e.model.years[e.year])).to.equal(true);
      expect(e.model.bodyStyle).to.not.equal('SUV');
    }
    const all = loadVehicleTables(data, AS_OF, FULL).byLob.Personal;
    const key = (e: (typeof all.entries)[number]) => `${e.model.make}|${e.model.model}|${e.model.years[e.year]}`;
    const base = new Map(all.entries.map((e, i) => [key(e), weights(all.cumulative)[i]!]));
    weights(draw.cumulative).forEach((w, i) => expect(w).to.be.closeTo(base.get(key(draw.entries[i]!))!, 1e-9));
  });

  it('a class over 10,000 lb leaves trucks only, with GVWR ranges inside it; Personal cannot meet a class', () => {
    const c = vehicleConditions(where('vehicle.vehicle_class=medium truck'), data, AS_OF, FULL);
    expect(c.personal).to.equal(null);
    expect(c.why.Personal).to.include('no vehicle_class');
    expect(Object.keys(c.light)).to.deep.equal([]);
    const trucks = [...c.straight.values, ...c.tractors.values];
    expect(trucks.length).to.be.greaterThan(0);
    for (const t of trucks) for (const [a, b] of t.gvwr) expect(a >= 10_001 && b <= 20_000 && a % 10 === 0 && b % 10 === 0).to.equal(true);
  });

  it('usage terms split the lines: farm is Personal, retail Commercial', () => {
    expect(vehicleConditions(where('vehicle.usage=farm'), data, AS_OF, FULL).why.Commercial).to.include('usage');
    expect(vehicleConditions(where('vehicle.usage=retail'), data, AS_OF, FULL).personal).to.equal(null);
  });
});
