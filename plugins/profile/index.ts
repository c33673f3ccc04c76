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
    const id = vehicle.principal_driver_id ?? vehicle.person_id;
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
  count(ctx) {
    const persons = ctx.deps.person, vehicles = ctx.deps.vehicle;
    return isSole(persons, vehicles) ? (drives(persons[0]!, vehicles[0]!) ? 1 : 0) : pairs(persons, vehicles).length;
  },
  generate(ctx) {
    const persons = ctx.deps.person, vehicles = ctx.deps.vehicle;
    // A v0.1 unit (one person, one vehicle, the profile made only when the person drives it): the pair itself, nothing to look up.
    const { person, vehicle } = isSole(persons, vehicles) ? { person: persons[0]!, vehicle: vehicles[0]! } : pairs(persons, vehicles)[ctx.childIndex]!;
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

/** One person and one vehicle: principalPairs is that pair when the person drives it, else none. */
function isSole(persons: readonly Person[], vehicles: readonly Vehicle[]): boolean {
  return persons.length === 1 && vehicles.length === 1;
}

/** true when `person` is the one principalPairs pairs `vehicle` with. */
function drives(person: Person, vehicle: Vehicle): boolean {
  return (vehicle.principal_driver_id ?? vehicle.person_id) === person.person_id;
}

/** The unit's pairs, computed once per unit (keyed by its vehicle list). */
function pairs(persons: readonly Person[], vehicles: readonly Vehicle[]): ReturnType<typeof principalPairs> {
  let found = pairsOf.get(vehicles);
  if (!found) pairsOf.set(vehicles, (found = principalPairs(persons, vehicles)));
  return found;
}
