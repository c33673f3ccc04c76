import { type Profile, type RecordCheck, uuidV5 } from '../../engine/kit.js';

/** The derivation rules of profiles, run by `esdh verify`. */
export const profileChecks: readonly RecordCheck<Profile>[] = [
  {
    name: 'profile.id_derived',
    description: "profile_id is the UUID v5 of '<person_id>:<vehicle_id>'",
    test: (p) => (p.profile_id === uuidV5(`${p.person_id}:${p.vehicle_id}`) ? null : `profile_id ${p.profile_id} is not derived from its person and vehicle`),
  },
  {
    name: 'profile.garaged_at_home',
    description: 'the vehicle is garaged in the residence state (v0.1 rule)',
    test: (p) => (p.garaging_state === p.residence_state ? null : `garaged in ${p.garaging_state}, lives in ${p.residence_state}`),
  },
];
