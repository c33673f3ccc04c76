import { defineEntityPlugin, uuidV5 } from '../../engine/kit.js';
import { profileChecks } from './checks.js';

/** Derived, no randomness: one profile per person + vehicle pair of the unit. */
export const profilePlugin = defineEntityPlugin({
  name: 'profile',
  plural: 'profiles',
  version: '1.1.0',
  schemaId: 'profile',
  dependencies: ['person', 'vehicle'],
  description: 'A person + vehicle pair as rating and claims systems see it (derived; id is UUID v5)',
  idField: 'profile_id',
  references: { person_id: 'person.person_id', vehicle_id: 'vehicle.vehicle_id', primary_vehicle_vin: 'vehicle.vin' },
  checks: profileChecks,
  count: (ctx) => ctx.deps.vehicle.length,
  generate(ctx) {
    const person = ctx.dep('person');
    const vehicle = ctx.dep('vehicle', ctx.childIndex);
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
