/**
 * What `--where` asks of an account's policy chain and coverages
 * (docs/book-policies.md, "Scenario targeting"), read once per run from the
 * terms: `policy.status`, `policy.term_months`, `coverage.coverage_code`,
 * and the claims the claim plugin must place (plugins/claim/window.ts
 * claimDemand), which need a term in force in the loss window.
 *
 * THE CLAIM GUARANTEE: when claimDemand(where, as_of) is non-null with
 * min >= 1, every account's chain has a term (not a quote) in force on at
 * least one day of [first, min(last, as_of)] — effective <= day < expiration
 * and day < its cancellation date, if any — and on every term the account's
 * vehicle 0 (the first vehicle of each term) carries BI and PD (or CSL), UM
 * where the line offers it (Personal: UMBI, and UMPD when drawn; Commercial:
 * UMBI where the state requires it), MEDPAY (or PIP where the state requires
 * PIP), COMP and COLL. Constructed: the chain starts on or before that day
 * (its persons are made old enough and licensed by then, household-plan.ts and
 * person/index.ts), is not a quote, a lapse keeps the term around the
 * window's first reachable day and a cancellation falls after it; the coverage
 * draws of vehicle 0 and the account are forced (rating.ts).
 */
import { addMonths, type Coverage, esdhError, fieldTerms, fromDayNumber, meetsAll, toDayNumber, type ReferenceData, type Where } from '../../engine/kit.js';

type CoverageCode = Coverage['coverage_code'];
import { claimDemand, type ClaimDemand } from '../claim/window.js';
import type { TermStatus } from './chain.js';
import { MAX_TENURE_YEARS } from './chain.js';
import { ratingTables } from './rating-tables.js';
import { minimumsOn } from './state-minimums.js';

export const STATUSES: readonly TermStatus[] = ['quote', 'in_force', 'expired', 'cancelled', 'non_renewed'];
export const COVERAGE_CODES: readonly CoverageCode[] = ['BI', 'PD', 'CSL', 'UMBI', 'UMPD', 'UIMBI', 'MEDPAY', 'PIP', 'COMP', 'COLL', 'RENTAL', 'TOWING', 'HNOA'];
/** How often an account's chain has a term of each status without terms (a rough share): the weights a constructed status is drawn with. */
export const STATUS_WEIGHTS: Readonly<Record<TermStatus, number>> = { in_force: 80, expired: 60, cancelled: 6, non_renewed: 3, quote: 3 };

type Lob = 'Personal' | 'Commercial';

export interface PolicyConditions {
  /** The claims asked for (claim/window.ts), null when none must be placed. */
  readonly demand: ClaimDemand | null;
  /** The loss window a term must be in force on, day numbers (last not after as_of), or null. */
  readonly window: { readonly first: number; readonly last: number } | null;
  /** Statuses a term of the chain must have one of (null: no term on status). */
  readonly statuses: readonly TermStatus[] | null;
  /** Term lengths left (null: no term on term_months). */
  readonly termMonths: readonly (6 | 12)[] | null;
  /** Coverage codes an account must carry one of (null: none asked). */
  readonly codes: readonly CoverageCode[] | null;
  /** The chain must start on or before this date (a term in force in the window, or one expired by as_of), or null. */
  readonly startBy: string | null;
  /** Why a line cannot meet the policy and coverage terms, or null. */
  readonly why: Readonly<Record<Lob, string | null>>;
}

const NONE: PolicyConditions = { demand: null, window: null, statuses: null, termMonths: null, codes: null, startBy: null, why: { Personal: null, Commercial: null } };
const memo = new WeakMap<Where, { readonly asOf: string; readonly value: PolicyConditions }>();

/** The policy conditions of a run (memoised on its terms); throws ESDH_ERR_WHERE_IMPOSSIBLE for terms no chain can meet. */
export function policyConditions(where: Where, asOf: string): PolicyConditions {
  if (where.length === 0) return NONE;
  const hit = memo.get(where);
  if (hit && hit.asOf === asOf) return hit.value;
  const value = compute(where, asOf);
  memo.set(where, { asOf, value });
  return value;
}

function impossible(where: Where, terms: readonly { readonly text: string }[], why: string): never {
  throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', (terms.length > 0 ? terms : where).map((t) => t.text).join(','), why);
}

function compute(where: Where, asOf: string): PolicyConditions {
  const asOfDay = toDayNumber(asOf);
  const statusTerms = fieldTerms(where, 'policy', 'status');
  const monthTerms = fieldTerms(where, 'policy', 'term_months');
  const codeTerms = fieldTerms(where, 'coverage', 'coverage_code');
  const claimTerms = where.filter((t) => t.entity === 'claim');
  const demand = claimDemand(where, asOf);
  const statuses = statusTerms.length > 0 ? STATUSES.filter((s) => meetsAll(statusTerms, s)) : null;
  const termMonths = monthTerms.length > 0 ? ([6, 12] as const).filter((m) => meetsAll(monthTerms, m)) : null;
  const codes = codeTerms.length > 0 ? COVERAGE_CODES.filter((c) => meetsAll(codeTerms, c)) : null;
  let window: PolicyConditions['window'] = null;
  const earliestReach = toDayNumber(addMonths(asOf, -12 * MAX_TENURE_YEARS)) + 31;
  if (demand && demand.min >= 1) {
    const last = Math.min(demand.last, asOfDay);
    if (last < demand.first) impossible(where, claimTerms, `the loss window ends before it starts once it is cut at as_of ${asOf}`);
    if (last < earliestReach) impossible(where, claimTerms, `a claim needs a policy term in force on its loss date, and no chain starts before ${fromDayNumber(earliestReach)} (${MAX_TENURE_YEARS} years before as_of ${asOf}): move the loss window after that`);
    window = { first: Math.max(demand.first, earliestReach), last };
    if (statuses && !statuses.some((s) => s === 'in_force' || s === 'expired') && window.first >= asOfDay) {
      impossible(where, [...statusTerms, ...claimTerms], `a claim on as_of ${asOf} needs a term in force that day, and a chain whose terms are only ${statuses.join(' or ')} has none then (a cancelled term is not in force on its cancellation date, nor a quote ever)`);
    }
    if (statuses && statuses.every((s) => s === 'quote')) impossible(where, [...statusTerms, ...claimTerms], 'a claim needs a term in force on its loss date, and a quote is never in force');
  }
  if (statuses && statuses.length === 0) impossible(where, statusTerms, `a policy status is one of ${STATUSES.join(', ')}`);
  let startBy: string | null = window ? fromDayNumber(window.last) : null;
  // An expired or non-renewed term ended by as_of: the chain's first term started at least 12 months before it.
  if (statuses && statuses.every((s) => s === 'expired' || s === 'non_renewed')) {
    const by = addMonths(asOf, -12);
    if (startBy === null || by < startBy) startBy = by;
  }
  const why: Record<Lob, string | null> = { Personal: null, Commercial: null };
  if (termMonths) {
    if (termMonths.length === 0) impossible(where, monthTerms, 'a term is 6 or 12 months');
    if (!termMonths.includes(12)) why.Commercial = 'Commercial terms are 12 months';
  }
  if (codes) {
    if (codes.length === 0) impossible(where, codeTerms, `a coverage code is one of ${COVERAGE_CODES.join(', ')}`);
    if (!codes.some((c) => PERSONAL_CODES.includes(c))) why.Personal = `Personal accounts carry ${PERSONAL_CODES.join(', ')}`;
    if (!codes.some((c) => COMMERCIAL_CODES.includes(c))) why.Commercial = `Commercial accounts carry ${COMMERCIAL_CODES.join(', ')}`;
  }
  if (statuses?.every((s) => s === 'quote') && startBy !== null) impossible(where, statusTerms, 'an expired term and a quote-only chain exclude each other');
  return { demand, window, statuses, termMonths, codes, startBy, why };
}

const PERSONAL_CODES: readonly CoverageCode[] = ['BI', 'PD', 'CSL', 'UMBI', 'UMPD', 'UIMBI', 'MEDPAY', 'PIP', 'COMP', 'COLL', 'RENTAL', 'TOWING'];
const COMMERCIAL_CODES: readonly CoverageCode[] = ['CSL', 'UMBI', 'UIMBI', 'MEDPAY', 'PIP', 'COMP', 'COLL', 'HNOA'];

/**
 * The coverage codes an account of `lob` in `state` can be made to carry
 * (rating.ts: what each line writes; PIP where the state requires it on
 * as_of, MEDPAY where it does not; Commercial UM only where required).
 */
export function feasibleCodes(data: ReferenceData, lob: Lob, state: string, asOf: string, codes: readonly CoverageCode[]): CoverageCode[] {
  const min = minimumsOn(data, state, asOf);
  const uim = ratingTables(data).uim_required.includes(state);
  return codes.filter((c) => {
    if (c === 'PIP') return min.pip_required;
    if (c === 'MEDPAY') return !min.pip_required;
    if (lob === 'Personal') return PERSONAL_CODES.includes(c);
    if (c === 'UMBI') return min.um_required;
    if (c === 'UIMBI') return min.um_required && uim;
    return COMMERCIAL_CODES.includes(c);
  });
}
