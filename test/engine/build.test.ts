/**
 * engine.build: one record for a test, fields pinned, dependents coherent
 * with the pinned record, every record validated as in a run.
 */
import { expect } from 'chai';
import { buildUnit, type Engine, type EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';

const RENO = { state: 'NV', city: 'Reno', postal_code: '89501' } as const;

describe('engine.build', () => {
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  it('without options is unit 0 of the default run (baseline seed 42), record for record', async () => {
    for (const entity of ['person', 'vehicle', 'profile', 'policy']) {
      const [first] = (await engine.generate(entity, { records: 1 })) as EntityRecord[];
      expect(engine.build(entity), entity).to.deep.equal(first);
    }
  });

  it('seed, asOf and unitIndex pick the same record as engine.generate', async () => {
    const persons = await engine.generate('person', { records: 4, seed: 1234, asOf: '2026-03-01' });
    expect(engine.build('person', { seed: 1234, asOf: '2026-03-01', unitIndex: 3 })).to.deep.equal(persons[3]);
  });

  it('is deterministic: the same options give the same record, a different seed another', () => {
    const a = engine.build('vehicle', { seed: 77, overrides: { person: RENO } });
    expect(engine.build('vehicle', { seed: 77, overrides: { person: RENO } })).to.deep.equal(a);
    expect(engine.build('vehicle', { seed: 78, overrides: { person: RENO } }).vin).to.not.equal(a.vin);
  });

  it("pins the built entity's own fields, leaving the rest as generated", () => {
    const plain = engine.build('person', { seed: 5 });
    const pinned = engine.build('person', { seed: 5, overrides: { first_name: 'Ada', lob_type: 'Commercial' } });
    expect(pinned).to.deep.equal({ ...plain, first_name: 'Ada', lob_type: 'Commercial' });
    expect(Object.keys(pinned)).to.deep.equal(Object.keys(plain), 'field order (CSV columns) unchanged');
  });

  it('a vehicle built for a pinned person garages at that person\'s address', () => {
    const vehicle = engine.build('vehicle', { seed: 9, overrides: { person: RENO } });
    expect(vehicle.garaging_state).to.equal('NV');
    expect(vehicle.garaging_postal_code).to.equal('89501');
    const unit = buildUnit(engine, 'vehicle', { seed: 9, overrides: { person: RENO } });
    expect(unit.person![0]).to.include(RENO);
    expect(unit.vehicle![0]).to.deep.equal(vehicle);
    expect(vehicle.person_id).to.equal(unit.person![0]!.person_id);
  });

  it('dependents follow pinned dependencies through the whole chain (person → vehicle → profile)', () => {
    const profile = engine.build('profile', { seed: 3, overrides: { person: { ...RENO, lob_type: 'Commercial', first_name: 'Ada' }, vehicle: { make: 'Ford', model: 'F-150', body_style: 'Truck' } } });
    expect(profile).to.include({ residence_state: 'NV', city: 'Reno', postal_code: '89501', garaging_state: 'NV', lob_type: 'Commercial' });
    expect(profile.full_name).to.match(/^Ada /);
    expect(profile.vehicle_summary).to.match(/ Ford F-150$/);
  });

  it('pinning the id of a dependency carries it into the references', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    expect(engine.build('vehicle', { overrides: { person: { person_id: id } } }).person_id).to.equal(id);
  });

  it('builds a one-to-many entity even from a unit that has none (takes the next unit that has one)', () => {
    const claim = engine.build('claim', { seed: 1 });
    expect(claim.claim_id).to.be.a('string');
    const unit = buildUnit(engine, 'claim', { seed: 1 });
    expect(unit.claim![0]).to.deep.equal(claim);
    // A unit (an account) has a policy per term: the claim is on one of them.
    expect(unit.policy!.map((p) => p.policy_id)).to.include(claim.policy_id);
  });

  it('accepts the plural name', () => {
    expect(engine.build('persons', { seed: 2 })).to.deep.equal(engine.build('person', { seed: 2 }));
  });

  it('validates pinned values against the schema → ESDH_ERR_RECORD_INVALID', async () => {
    const error = await expectEsdhError(() => engine.build('vehicle', { overrides: { person: { state: 'Nevada' as never } } }), 'ESDH_ERR_RECORD_INVALID');
    expect(error.message).to.include('person').and.include('/state');
  });

  it('validate: false lets a test build a schema-invalid record on purpose', () => {
    expect(engine.build('person', { validate: false, overrides: { state: 'Nevada' as never } }).state).to.equal('Nevada');
  });

  it('checks: true runs the domain rules and names the broken ones → ESDH_ERR_BUILD_CHECK_FAILED', async () => {
    const error = await expectEsdhError(() => engine.build('vehicle', { checks: true, overrides: { person: { state: 'NV' } } }), 'ESDH_ERR_BUILD_CHECK_FAILED');
    expect(error.message).to.include('person.zip_in_state').and.include('Pin the related fields too');
    expect(engine.build('vehicle', { checks: true })).to.have.property('vin');
  });

  describe('bad overrides → ESDH_ERR_BUILD_OVERRIDE_INVALID with the valid choices', () => {
    it('an unknown field of the built entity lists its fields and the entities it can pin', async () => {
      const error = await expectEsdhError(() => engine.build('vehicle', { overrides: { colour: 'red' } as never }), 'ESDH_ERR_BUILD_OVERRIDE_INVALID');
      expect(error.message).to.include("Cannot pin 'colour' when building vehicle").and.include('garaging_state').and.include('person: { ... }');
      expect(error.status).to.equal(400);
    });

    it('an unknown field of a dependency', async () => {
      const error = await expectEsdhError(() => engine.build('vehicle', { overrides: { person: { stat: 'NV' } as never } }), 'ESDH_ERR_BUILD_OVERRIDE_INVALID');
      expect(error.message).to.include("'person.stat'").and.include('postal_code');
    });

    it('an entity that is not part of the built unit', async () => {
      const error = await expectEsdhError(() => engine.build('person', { overrides: { vehicle: { make: 'Ford' } } }), 'ESDH_ERR_BUILD_OVERRIDE_INVALID');
      expect(error.message).to.include('a person unit holds person; vehicle is not one of them');
    });

    it('an entity key whose value is not an object', async () => {
      await expectEsdhError(() => engine.build('vehicle', { overrides: { person: 'NV' } as never }), 'ESDH_ERR_BUILD_OVERRIDE_INVALID');
    });
  });

  it('bad seed, asOf, unitIndex or entity are coded errors', async () => {
    await expectEsdhError(() => engine.build('person', { seed: -1 }), 'ESDH_ERR_OPTION_INVALID');
    await expectEsdhError(() => engine.build('person', { asOf: '2025-02-30' }), 'ESDH_ERR_OPTION_INVALID');
    await expectEsdhError(() => engine.build('person', { unitIndex: 1.5 }), 'ESDH_ERR_OPTION_INVALID');
    await expectEsdhError(() => engine.build('spaceship'), 'ESDH_ERR_ENTITY_UNKNOWN');
  });
});
