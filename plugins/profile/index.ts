import { defineEntityPlugin, type Person, uuidV5, type Vehicle } from '../../engine/kit.js';
import { profileChecks } from './checks.js';

/**
 * Each principal driver of the unit with the first vehicle they drive most
 * (in vehicle order): in a v0.1 unit the person and their vehicle; in a book
 * account one pair per driver who is the principal driver of a vehicle.
 */
export function principalPairs(persons: readonly Person[], vehicles: readonly Vehicle[]): { readonly person: Person; readonly vehicle: Vehicle }[] {
  const byId = new Map(persons.map((p) => [p.person_id, p]));
  const seen = new Set<string>();
  const pairs: { person: Person; vehicle: Vehicle }[] = [];
  for (const vehicle of vehicles) {
    const id = driverOf(vehicle);
    const person = byId.get(id);
    if (!person || seen.has(id)) continue;
    seen.add(id);
    pairs.push({ person, vehicle });
  }
  return pairs;
}

const pairsOf = new WeakMap<object, ReturnType<typeof principalPairs>>();

/** Derived, no randomness: one profile per principal driver and their first vehicle (v0.1: the unit's person and vehicle). */
export const profilePlugin = defineEntityPlugin({
  name: 'profile',
  plural: 'profiles',
  version: '1.2.0',
  schemaId: 'profile',
  dependencies: ['person', 'vehicle'],
  description: 'A person + vehicle pair as rating and claims systems see it (derived; id is UUID v5)',
  idField: 'profile_id',
  references: { person_id: 'person.person_id', vehicle_id: 'vehicle.vehicle_id', primary_vehicle_vin: 'vehicle.vin' },
  checks: profileChecks,
  count: (ctx) => pairs(ctx.deps.person, ctx.deps.vehicle).length,
  generate(ctx) {
    const { person, vehicle } = pairs(ctx.deps.person, ctx.deps.vehicle)[ctx.childIndex]!;
    return {
      profile_id: uuidV5(`${person.person_id}:${vehicle.vehicle_id}`),
      person_id: person.person_id,
      vehicle_id: vehicle.vehicle_id,
      full_name: `${person.first_name} ${person.last_name}`,
      lob_type: person.lob_type,
      residence_state: person.state,
      city: person.city,
      postal_code: person.postal_code,
      garaging_state: vehicle.garaging_state,
      primary_vehicle_vin: vehicle.vin,
      vehicle_summary: `${vehicle.model_year} ${vehicle.make} ${vehicle.model}`,
      risk_rating: vehicle.risk_rating,
      synthetic_source: ctx.marker,
    };
  },
});

/** Who drives a vehicle most: its principal driver, else its owner. */
function driverOf(vehicle: Vehicle): string {
  return vehicle.principal_driver_id ?? vehicle.person_id;
}

/**
 * The unit's pairs: a v0.1 unit's (one person, one vehicle) at once, what
 * principalPairs makes of it without a Map, a Set or a memo entry per unit;
 * a book unit's computed once (keyed by its vehicle list).
 */
function pairs(persons: readonly Person[], vehicles: readonly Vehicle[]): ReturnType<typeof principalPairs> {
  if (persons.length === 1 && vehicles.length === 1) {
    const [person, vehicle] = [persons[0]!, vehicles[0]!];
    return driverOf(vehicle) === person.person_id ? [{ person, vehicle }] : [];
  }
  let found = pairsOf.get(vehicles);
  if (!found) pairsOf.set(vehicles, (found = principalPairs(persons, vehicles)));
  return found;
}
