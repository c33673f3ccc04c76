/**
 * What `--where` may name of a person, and how a v0.1 run (a person is the
 * root: a unit is one person and one vehicle) constructs it: the state from
 * the states the terms leave, the age from the driver-age table kept to the
 * ages they leave (the stratified uniform still picks it), the line forced
 * to one the terms (and the vehicle terms) leave. In a book run the account
 * plan constructs them (account/conditions.ts, household-plan.ts).
 */
import { countTerms, cumulativeWeights, esdhError, fieldTerms, meetsAll, type SetupContext, type Targeting, yearsBetween } from '../../engine/kit.js';
import { STATE_CODES } from '../account/targeting.js';
import { vehicleConditions } from '../vehicle/conditions.js';
import { type DriverTables } from './driver-tables.js';
import { youngestAge } from './ages.js';
import { commercialShare } from './lob.js';
import { LICENCE_STATUSES, personConditions, RELATIONSHIPS } from './conditions.js';
import type { StateChoice } from './residence.js';

export const personTargeting: Targeting = {
  fields: {
    age: {
      type: 'integer',
      description: "age in whole years on as_of (from date_of_birth); in a book, at least one person of the account (the named insured when it can, else a resident or the first scheduled driver)",
      derive: (record, asOf) => (typeof record.date_of_birth === 'string' ? yearsBetween(record.date_of_birth, asOf) : null),
    },
    relationship: { type: 'enum', values: RELATIONSHIPS, description: 'named_insured, spouse, child, other_relative (a household), employee (a business); v0.1 persons are named_insured' },
    licence_status: { type: 'enum', values: LICENCE_STATUSES, description: 'valid, permit, suspended or none; named insureds and employees hold a valid licence' },
    state: { type: 'enum', values: STATE_CODES, description: "the person's state (USPS code); in a book, the account's" },
    lob_type: { type: 'enum', values: ['Personal', 'Commercial'], description: "the person's line; in a book, the account's" },
  },
  count: { description: "an account's persons: a household's residents of 15 and over (1-5), a business's scheduled drivers (1-50); v0.1: one per unit", max: 50 },
};

/** A v0.1 run's person conditions (null without terms on persons or vehicles). */
export interface RootConditions {
  readonly choice: StateChoice;
  /** Ages the terms leave (null: the table's). */
  readonly ages: readonly number[] | null;
  /** The line every person gets (null: by age, as without terms). */
  readonly lob: 'Personal' | 'Commercial' | null;
}

/** What `--where` leaves a v0.1 person; ESDH_ERR_WHERE_IMPOSSIBLE when nothing. */
export function rootConditions(ctx: SetupContext, choice: StateChoice, drivers: DriverTables): RootConditions | null {
  const where = ctx.where;
  const stateTerms = fieldTerms(where, 'person', 'state');
  const lobTerms = fieldTerms(where, 'person', 'lob_type');
  const p = personConditions(where);
  const withVehicles = ctx.entities.includes('vehicle');
  const v = withVehicles ? vehicleConditions(where, ctx.data, ctx.asOf, ctx.distributions) : null;
  if (stateTerms.length + lobTerms.length + countTerms(where, 'person').length === 0 && !p.fields && !v?.fields) return null;
  const fail = (why: string): never => {
    throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', where.filter((t) => t.entity === 'person' || t.entity === 'vehicle').map((t) => t.text).join(','), why);
  };
  const rel = fieldTerms(where, 'person', 'relationship');
  const lic = fieldTerms(where, 'person', 'licence_status');
  if (!meetsAll(rel, 'named_insured')) fail('a v0.1 person is its own named insured (relationship named_insured)');
  if (!meetsAll(lic, 'valid')) fail('a v0.1 person holds a valid licence');
  if (!meetsAll(countTerms(where, 'person'), 1)) fail('a v0.1 unit has exactly one person: run a book profile for more');
  const ages = p.fields ? p.ages.filter((a) => a >= 16) : null;
  const weights = choice.weights.map((c, i) => c - (i > 0 ? choice.weights[i - 1]! : 0));
  const keep = choice.states.map((s, i) => ({ s, w: weights[i]! })).filter(({ s, w }) => {
    if (w <= 0 || !meetsAll(stateTerms, s.code)) return false;
    const youngest = youngestAge(drivers.licences.get(s.code)!.rule.licence_age_months);
    return ages === null || ages.some((a) => a >= youngest && (drivers.ages.weights[a - 16] ?? 0) > 0);
  });
  if (keep.length === 0) fail(`no state of the run (${choice.states.map((s) => s.code).join(', ')}) meets the state terms and licenses drivers of the ages asked`);
  const base = commercialShare(ctx.distributions.lob_mix);
  const lobs = (['Personal', 'Commercial'] as const).filter((lob) => meetsAll(lobTerms, lob) && (lob === 'Commercial' ? base > 0 : base < 1)
    && (!v?.fields || (v.v01[lob] !== null && (lob === 'Personal' ? (v.personal?.usages.length ?? 0) > 0 : v.commercialUsages.length > 0))));
  if (lobs.length === 0) fail('no line of business (with a weight in lob_mix) has a vehicle or person meeting them');
  return { choice: { states: keep.map((e) => e.s), weights: cumulativeWeights(keep.map((e) => e.w)) }, ages, lob: lobs.length === 1 ? lobs[0]! : null };
}
