/** Which terms of a unit have a claim, and the days its loss may fall on. */
import { hashString, type Policy, RandomStream, toDayNumber } from '../../engine/kit.js';

/** The chance that a term which started before as_of has a claim. */
export const CLAIM_RATE = 0.1;
/** Claim numbers set aside per account: more than the longest chain has terms (20 years of 6-month terms). */
export const CLAIM_SLOTS = 64;

export interface ClaimTerm {
  readonly termIndex: number;
  /** First and last day (day numbers) the loss may fall on. */
  readonly first: number;
  readonly last: number;
}

const KEY = hashString('claim-plan');
const cache = new WeakMap<readonly Policy[], { readonly seed: number; readonly unitIndex: number; readonly asOf: string; readonly terms: readonly ClaimTerm[] }>();

/**
 * The unit's claims, one per chosen term: a term started before as_of with
 * probability CLAIM_RATE (its own stream per term), the loss from its
 * effective date to the day before its expiration or cancellation, and not
 * after as_of.
 */
export function claimTerms(policies: readonly Policy[], seed: number, unitIndex: number, asOf: string): readonly ClaimTerm[] {
  const hit = cache.get(policies);
  if (hit && hit.seed === seed && hit.unitIndex === unitIndex && hit.asOf === asOf) return hit.terms;
  const terms: ClaimTerm[] = [];
  const random = new RandomStream();
  const asOfDay = toDayNumber(asOf);
  policies.forEach((policy, termIndex) => {
    random.reset(seed, KEY, unitIndex, termIndex);
    if (!random.bool(CLAIM_RATE) || policy.effective_date >= asOf) return;
    const first = toDayNumber(policy.effective_date);
    const end = policy.cancellation_date ?? policy.expiration_date;
    const last = Math.min(toDayNumber(end) - 1, asOfDay);
    if (last >= first && terms.length < CLAIM_SLOTS) terms.push({ termIndex, first, last });
  });
  cache.set(policies, { seed, unitIndex, asOf, terms });
  return terms;
}
