/**
 * A 10,000-unit run of every built-in entity (a book: each unit an account):
 * every record schema-valid, every foreign key resolved, ids unique, the
 * governance marker everywhere.
 */
import { expect } from 'chai';
import type { Engine, EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';

const UNITS = 10_000;
const ENTITIES = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim'];
/** Fields that must be unique across the run (plus each plugin's idField). */
const UNIQUE_FIELDS: Record<string, string[]> = {
  account: ['account_id'],
  person: ['person_id'],
  vehicle: ['vehicle_id', 'vin'],
  profile: ['profile_id'],
  policy: ['policy_number'],
};

describe(`engine validity: a ${UNITS.toLocaleString('en-US')}-unit run of ${ENTITIES.join(', ')}`, () => {
  let engine: Engine;
  const records: Record<string, EntityRecord[]> = Object.fromEntries(ENTITIES.map((e) => [e, []]));
  /** Per unit, per entity: the records, to check references inside each unit. */
  const unitsWithReferences: Record<string, EntityRecord[]>[] = [];

  before(async () => {
    engine = await newEngine();
    for await (const unit of engine.units({ records: UNITS, seed: 20251101, asOf: '2025-11-01' }, ENTITIES)) {
      for (const entity of ENTITIES) records[entity]!.push(...(unit[entity] ?? []));
      unitsWithReferences.push(unit);
    }
  });

  it('makes one account per unit, its persons and vehicles, its policy terms with drivers, vehicles and coverages, and some claims', () => {
    expect(records.account).to.have.length(UNITS);
    for (const entity of ['person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle']) expect(records[entity]!.length, entity).to.be.greaterThan(UNITS);
    expect(records.coverage!.length).to.be.greaterThan(records.policy_vehicle!.length * 3);
    // about one term in ten that started before as_of has a claim
    expect(records.claim!.length).to.be.within(records.policy!.length * 0.05, records.policy!.length * 0.15);
  });

  it('every record validates against its schema (engine.schemas.check)', () => {
    for (const entity of ENTITIES) {
      const schemaId = engine.entity(entity).schemaId;
      records[entity]!.forEach((record, i) => {
        const violation = engine.schemas.check(schemaId, record);
        if (violation) expect.fail(`${entity} #${i} fails ${schemaId} at ${violation.path}: ${violation.message}`);
      });
    }
  });

  it("every foreign key in the plugins' references resolves within the run, and within its own unit", () => {
    let checked = 0;
    for (const entity of ENTITIES) {
      const references = engine.registry.get(entity).references ?? {};
      for (const [field, target] of Object.entries(references)) {
        const [targetEntity, targetField] = target.split('.') as [string, string];
        const known = new Set(records[targetEntity]!.map((r) => r[targetField]));
        expect(known.size, `${target} values`).to.be.greaterThan(0);
        // An empty reference (a policy-level coverage's vehicle_id) points at nothing.
        for (const record of records[entity]!) {
          if (record[field] === null) continue;
          if (!known.has(record[field])) expect.fail(`${entity}.${field} = ${String(record[field])} matches no ${target} in the run`);
          checked++;
        }
        unitsWithReferences.forEach((unit, index) => {
          const inUnit = new Set((unit[targetEntity] ?? []).map((r) => r[targetField]));
          for (const record of unit[entity] ?? []) {
            if (record[field] !== null && !inUnit.has(record[field])) expect.fail(`unit ${index}: ${entity}.${field} = ${String(record[field])} points outside its unit`);
          }
        });
      }
    }
    // Every non-empty reference of every record was looked up.
    let references = 0;
    for (const entity of ENTITIES) {
      const fields = Object.keys(engine.registry.get(entity).references ?? {});
      for (const record of records[entity]!) references += fields.filter((f) => record[f] !== null).length;
    }
    expect(checked).to.equal(references).and.to.be.greaterThan(UNITS * 10);
  });

  it('person_id, vehicle_id, vin, profile_id, policy_number (and every idField and uniqueFields) are unique', () => {
    const fields: Record<string, Set<string>> = {};
    for (const entity of ENTITIES) {
      const plugin = engine.registry.get(entity) as { idField?: string; uniqueFields?: readonly string[] };
      fields[entity] = new Set([...(UNIQUE_FIELDS[entity] ?? []), ...(plugin.idField ? [plugin.idField] : []), ...(plugin.uniqueFields ?? [])]);
    }
    expect([...fields.claim!]).to.include('claim_id');
    for (const [entity, names] of Object.entries(fields)) {
      for (const field of names) {
        // Unique where set: a person without a licence has no licence number.
        const values = records[entity]!.map((r) => r[field]).filter((v) => v !== null);
        const seen = new Set<unknown>();
        for (const value of values) {
          if (seen.has(value)) expect.fail(`${entity}.${field} ${String(value)} appears twice`);
          seen.add(value);
        }
        expect(seen.size, `${entity}.${field}`).to.equal(values.length);
      }
    }
  });

  it('every record carries synthetic_source equal to the config marker', () => {
    const marker = engine.config.synthetic_source;
    expect(marker).to.equal('enterprise-synthetic-data-hub v0.1');
    for (const entity of ENTITIES) {
      records[entity]!.forEach((record, i) => {
        if (record.synthetic_source !== marker) expect.fail(`${entity} #${i} has synthetic_source ${JSON.stringify(record.synthetic_source)}`);
      });
    }
  });

  it('a custom marker from the config reaches every record', async () => {
    const custom = await newEngine({ config: { synthetic_source: 'qa-team synthetic' } });
    let seen = 0;
    for await (const unit of custom.units({ records: 20, seed: 1 }, ENTITIES)) {
      for (const list of Object.values(unit)) for (const record of list) {
        expect(record.synthetic_source).to.equal('qa-team synthetic');
        seen++;
      }
    }
    expect(seen).to.be.at.least(80);
  });
});
