/**
 * The vehicle plugin's fleet: makes by US vehicles in use, model years by the
 * US fleet's age (data/reference/vehicle/catalogue.json), what
 * `distributions.makes` and `distributions.body_styles` change, the risk
 * rating's drivers, and the unit limit that keeps VINs unique.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Person, Vehicle } from '../../../engine/index.js';
import { MAX_UNITS, serialFor } from '../../../plugins/vehicle/index.js';
import { higherRiskShare } from '../../../plugins/vehicle/risk.js';
import { loadVehicleTables } from '../../../plugins/vehicle/tables.js';
import { VIN_CHARS } from '../../../plugins/vehicle/vin.js';
import { esdh } from '../../helpers/cli.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const FULL_LIST = ['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van'];
const AS_OF = '2025-11-01';

function shares<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].map(([k, n]): [string, number] => [k, n / items.length]).sort((a, b) => b[1] - a[1]));
}

function ages(vehicles: readonly Vehicle[]): number[] {
  return vehicles.map((v) => Number(AS_OF.slice(0, 4)) - v.model_year);
}

describe('vehicle fleet (plugins/vehicle)', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs();

  describe('20,000 vehicles, seed 42, as_of 2025-11-01', () => {
    let v01: Vehicle[] = [];
    let full: Vehicle[] = [];
    before(async () => {
      v01 = await (await newEngine()).generate('vehicle', { records: 20_000, seed: 42, asOf: AS_OF });
      full = await (await newEngine({ config: { distributions: { body_styles: FULL_LIST } } })).generate('vehicle', { records: 20_000, seed: 42, asOf: AS_OF });
    });

    it('makes follow US vehicles in use: Ford, Chevrolet, Toyota lead, Subaru about 3%, Tesla and 25 more makes present', () => {
      for (const vehicles of [full, v01]) {
        const makes = shares(vehicles, (v) => v.make);
        expect([...makes.keys()].slice(0, 3)).to.have.members(['Ford', 'Chevrolet', 'Toyota']);
        // Ford and Chevrolet gain from the Commercial share's pickups and vans (30% of owners here).
        for (const make of ['Ford', 'Chevrolet', 'Toyota']) expect(makes.get(make), make).to.be.within(0.1, 0.2);
        expect(makes.get('Honda')).to.be.within(0.06, 0.11);
        expect(makes.get('Subaru')).to.be.within(0.02, 0.05);
        expect(makes.get('Tesla')).to.be.within(0.003, 0.02);
        expect(makes.size).to.be.at.least(28);
        // No model dominates: the most common is a few percent of the fleet.
        expect([...shares(vehicles, (v) => `${v.make} ${v.model}`).values()][0]).to.be.within(0.02, 0.08);
      }
    });

    it('model years follow the US fleet: mean age 11.5-14 years, at least 5% over 20, none over 40 or after next year', () => {
      for (const vehicles of [full, v01]) {
        const a = ages(vehicles);
        const mean = a.reduce((sum, x) => sum + x, 0) / a.length;
        expect(mean).to.be.within(11.5, 14);
        expect(a.filter((x) => x > 20).length / a.length).to.be.at.least(0.05);
        expect(Math.max(...a)).to.be.at.most(40);
        expect(Math.min(...a)).to.equal(-1);
        expect(a.filter((x) => x === -1).length / a.length, 'next year models').to.be.below(0.05);
      }
    });

    it('the full list has minivans, vans, coupes and personal pickups; v0.1 runs write only Sedan, SUV and Truck within the lob rules', () => {
      const styles = shares(full, (v) => v.body_style);
      expect(styles.get('Minivan')).to.be.above(0.02);
      expect(styles.get('Pickup')).to.be.above(0.1);
      expect(styles.get('Van')).to.be.above(0.005);
      expect(styles.get('Coupe')).to.be.above(0.01);
      expect(full.some((v) => v.lob_type === 'Personal' && v.body_style === 'Pickup')).to.equal(true);
      expect(full.filter((v) => v.lob_type === 'Commercial').every((v) => ['SUV', 'Minivan', 'Pickup', 'Van'].includes(v.body_style))).to.equal(true);
      expect([...shares(v01, (v) => v.body_style).keys()]).to.have.members(['Sedan', 'SUV', 'Truck']);
      for (const v of v01) {
        expect(v.lob_type === 'Personal' ? ['Sedan', 'SUV'] : ['SUV', 'Truck']).to.include(v.body_style);
        expect(v.lob_type === 'Personal' ? ['Low', 'Medium'] : ['Medium', 'High']).to.include(v.risk_rating);
      }
      // No minivan is written under another name in a v0.1 run.
      expect(v01.some((v) => ['Odyssey', 'Sienna', 'Grand Caravan', 'Town and Country', 'Pacifica'].includes(v.model))).to.equal(false);
    });
  });

  it('distributions.makes: 0 removes a make, a larger weight raises it, an unknown make is ESDH_ERR_CONFIG_INVALID naming it', async () => {
    const engine = await newEngine({ config: { distributions: { makes: { Tesla: 0, Subaru: 30 } } } });
    const vehicles = await engine.generate('vehicle', { records: 3000, seed: 5, asOf: AS_OF });
    const makes = shares(vehicles, (v) => v.make);
    expect(makes.has('Tesla')).to.equal(false);
    expect(makes.get('Subaru')).to.be.above(0.15);
    const unknown = await newEngine({ config: { distributions: { makes: { Yugo: 2 } } } });
    const error = await expectEsdhError(unknown.generate('vehicle', { records: 1 }), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.contain('distributions.makes.Yugo').and.contain("unknown make 'Yugo'").and.contain('Toyota');
    const none = await newEngine({ config: { distributions: { makes: Object.fromEntries(['Ford', 'Chevrolet'].map((m) => [m, 0])) } } });
    expect(shares(await none.generate('vehicle', { records: 500, seed: 1 }), (v) => v.make).has('Ford')).to.equal(false);
  });

  it('distributions.body_styles: an unknown style, Truck in the full list, or nothing left for a line of business is ESDH_ERR_CONFIG_INVALID', async () => {
    for (const [body_styles, says] of [
      [['Sedan', 'Boat'], "unknown body style 'Boat'"],
      [['Truck', 'Pickup'], "'Truck' is a v0.1 body style"],
      [['Sedan'], 'leaves Commercial owners nothing to drive'],
    ] as const) {
      const engine = await newEngine({ config: { distributions: { body_styles: [...body_styles] } } });
      const error = await expectEsdhError(engine.generate('vehicle', { records: 1 }), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.contain('distributions.body_styles').and.contain(says);
    }
    // With no Commercial owners in the lob mix, sedans alone are a valid list.
    const engine = await newEngine();
    const tables = loadVehicleTables(engine.data, AS_OF, { body_styles: ['Sedan'], lob_mix: { Personal: 1, Commercial: 0 } });
    expect(tables.v01).to.equal(true);
    expect(tables.byLob.Commercial.entries).to.have.length(0);
    expect(new Set(tables.byLob.Personal.entries.map((e) => e.model.v01))).to.deep.equal(new Set(['Sedan']));
  });

  it('the risk rating rises for young and old owners, sports bodies and old vehicles', async () => {
    const at = (ownerAge: number, bodyStyle = 'Sedan', vehicleAge = 6) => higherRiskShare({ lob: 'Personal', ownerAge, bodyStyle, vehicleAge });
    expect(at(18)).to.be.above(at(40) + 0.4);
    expect(at(85)).to.be.above(at(40));
    expect(at(40, 'Coupe')).to.be.above(at(40, 'Minivan'));
    expect(at(40, 'Sedan', 20)).to.be.above(at(40, 'Sedan', 6));
    const engine = await newEngine();
    const units: { person: readonly unknown[]; vehicle: readonly unknown[] }[] = [];
    for await (const unit of engine.units({ records: 6000, seed: 11, asOf: AS_OF })) units.push(unit);
    const higher = (young: boolean) => {
      const picked = units.filter((u) => {
        const person = u.person[0] as Person;
        const age = Number(AS_OF.slice(0, 4)) - Number(person.date_of_birth.slice(0, 4));
        return person.lob_type === 'Personal' && (young ? age < 25 : age >= 30 && age < 70);
      });
      return picked.filter((u) => (u.vehicle[0] as Vehicle).risk_rating === 'Medium').length / picked.length;
    };
    expect(higher(true)).to.be.above(higher(false) + 0.2);
  });

  describe('VIN uniqueness', () => {
    it('serialFor is a bijection over the first 3,300,000 unit indices', () => {
      expect(MAX_UNITS).to.equal(3_300_000);
      for (const seed of [42]) {
        const seen = new Uint8Array(MAX_UNITS);
        let repeated = 0;
        for (let unit = 0; unit < MAX_UNITS; unit++) {
          const serial = serialFor(seed, unit, 0);
          const n = VIN_CHARS.indexOf(serial[0]!) * 100_000 + Number(serial.slice(1));
          if (seen[n]) repeated++;
          seen[n] = 1;
        }
        expect(repeated, `seed ${seed}`).to.equal(0);
      }
      expect(serialFor(0, MAX_UNITS, 0)).to.equal(serialFor(0, 0, 0));
    });

    it('a run over 3,300,000 units is refused before anything is written; a range ending at the limit is not', async () => {
      const engine = await newEngine();
      await expectEsdhError(async () => {
        for await (const unit of engine.units({ records: 2, unitStart: MAX_UNITS - 1 })) void unit;
      }, 'ESDH_ERR_RECORDS_OVER_CAPACITY');
      let first = 0;
      for await (const unit of engine.units({ records: 1, unitStart: MAX_UNITS - 1 })) first += unit.vehicle!.length;
      expect(first).to.equal(1);
      const out = join(tempDir(), 'snap');
      const error = await expectEsdhError(engine.run({ records: MAX_UNITS + 1, out }), 'ESDH_ERR_RECORDS_OVER_CAPACITY');
      expect(error.message).to.contain('3300001').and.contain('vehicle').and.contain('3,300,000').and.contain('VIN');
      expect(existsSync(out)).to.equal(false);
      const cwd = tempDir();
      const result = await esdh(['run', '--records', String(MAX_UNITS + 1), '--out', join(cwd, 'out')], cwd);
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.match(/^ESDH_ERR_RECORDS_OVER_CAPACITY: .*3300000 records/);
      expect(existsSync(join(cwd, 'out'))).to.equal(false);
    });
  });

  it('serialFor gives the serials it always gave (digest over 3 seeds, every 97th unit to MAX_UNITS, children 0 and 5, recorded before it wrote char codes)', () => {
    const digest = createHash('sha256');
    for (const seed of [0, 42, 2 ** 40]) for (let unit = 0; unit < MAX_UNITS; unit += 97) for (const child of [0, 5]) digest.update(`${serialFor(seed, unit, child)}\n`);
    expect(digest.digest('hex')).to.equal('5fce6a36bedb3b24f166a6108e4fcb05f9924c6ba03d2ecc5c4360b3101059f6');
  });
});
