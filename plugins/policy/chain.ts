/**
 * The renewal chain of an account: its terms from the first (new business)
 * to the one around as_of, with their dates and statuses (docs/book-policies.md,
 * "Terms"). A pure function of the run seed, the unit index and the earliest
 * date the account can start, so `count` and every term's `generate` get the
 * same chain.
 */
import { addMonths, fromDayNumber, hashString, RandomStream, toDayNumber } from '../../engine/kit.js';

export type TermStatus = 'quote' | 'in_force' | 'expired' | 'cancelled' | 'non_renewed';
export type CancellationReason = 'non_payment' | 'insured_request' | 'underwriting' | 'misrepresentation' | 'rewritten';

/** One term of the chain. */
export interface TermPlan {
  readonly termNumber: number;
  readonly effective: string;
  readonly expiration: string;
  readonly status: TermStatus;
  readonly cancellationDate: string | null;
  readonly cancellationReason: CancellationReason | null;
}

export interface ChainPlan {
  readonly termMonths: 6 | 12;
  readonly terms: readonly TermPlan[];
}

/** Annual retention of an auto book: a term renews with this chance a year (LexisNexis, J.D. Power: 81-88%). */
export const ANNUAL_RETENTION = 0.84;
/** The longest chain, in years back from as_of. */
export const MAX_TENURE_YEARS = 20;
/** Share of Personal accounts on 6-month terms (the rest 12). */
export const SIX_MONTH_SHARE = 0.55;
/** Share of accounts whose only term is a quote starting after as_of. */
export const QUOTE_SHARE = 0.03;
/** Share of chains (of two or more terms) that ended before the current term: the account left. */
export const LAPSED_SHARE = 0.1;
/** Share of current terms cancelled between their effective date and as_of. */
export const CANCELLED_SHARE = 0.05;
/** A quote starts within this many days after as_of. */
export const QUOTE_LEAD_DAYS = 45;

const REASONS: readonly CancellationReason[] = ['non_payment', 'insured_request', 'underwriting', 'misrepresentation', 'rewritten'];
const REASON_WEIGHTS = [50, 30, 8, 4, 8];
const CHAIN_KEY = hashString('policy-chain');

/** What decides the chain. */
export interface ChainInputs {
  readonly seed: number;
  readonly unitIndex: number;
  readonly asOf: string;
  readonly lob: 'Personal' | 'Commercial';
  /** The first day a term may start (the named insured 18 and a driver licensed). */
  readonly earliest: string;
  /** A later start preferred when it is not after as_of (the newest vehicle's model year - 1, 1 October). */
  readonly preferred: string | null;
  /** --where: what the terms ask of the chain (policy/conditions.ts), or none. */
  readonly demand?: ChainDemand | null;
}

/** What `--where` asks of one account's chain. */
export interface ChainDemand {
  /** A term must be in force on a day of [first, last] (day numbers, last not after as_of). */
  readonly window: { readonly first: number; readonly last: number } | null;
  /** A term must have one of these statuses (one is drawn by STATUS_WEIGHTS and constructed). */
  readonly statuses: readonly TermStatus[] | null;
  /** The term lengths left. */
  readonly termMonths: readonly (6 | 12)[] | null;
  /** The chain starts on or before this date. */
  readonly startBy: string | null;
  /** A quote starts before this date (the named insured's licence, a business's last licence, expires on it), or null. */
  readonly quoteBefore?: string | null;
}

/** How often a chain has a term of each status without terms (rough shares): the weights a constructed status is drawn with. */
const STATUS_WEIGHTS: Readonly<Record<TermStatus, number>> = { in_force: 80, expired: 60, cancelled: 6, non_renewed: 3, quote: 3 };

/**
 * The status a chain under `policy.status` terms is built to have: one of
 * those left, by STATUS_WEIGHTS, among those the account can have (an
 * expired or non-renewed term needs a start a term before as_of; a loss
 * window needs a term in force, so no quote).
 */
function statusTarget(d: ChainDemand, inputs: ChainInputs, termMonths: number, random: RandomStream): TermStatus | null {
  if (!d.statuses) return null;
  const early = inputs.earliest <= addMonths(inputs.asOf, -termMonths) && (d.startBy === null || inputs.earliest <= d.startBy);
  let open = d.statuses.filter((s) => (s !== 'quote' || (d.window === null && d.startBy === null)) && ((s !== 'expired' && s !== 'non_renewed') || early));
  if (open.length === 0) open = [...d.statuses];
  return open.length === 1 ? open[0]! : random.pickWeighted(open, open.map((s) => STATUS_WEIGHTS[s]));
}

/** The first date on or after `date` whose day of month is `day` (1-28). */
function onDay(date: string, day: number): string {
  const dd = String(day).padStart(2, '0');
  const same = `${date.slice(0, 8)}${dd}`;
  return same >= date ? same : addMonths(same, 1);
}

/**
 * The chain: start = as_of - tenure (tenure geometric with ANNUAL_RETENTION,
 * capped at MAX_TENURE_YEARS), not before `earliest` nor `preferred` (when
 * that is not after as_of), on a day of month 1-28 so every renewal keeps
 * it; terms follow one another to the one in force on as_of. Empty when
 * the account cannot start within QUOTE_LEAD_DAYS of as_of.
 */
export function planChain(inputs: ChainInputs): ChainPlan {
  const random = new RandomStream(inputs.seed, CHAIN_KEY, inputs.unitIndex, 0);
  // Every draw is made whatever the outcome, so one choice never shifts another.
  const sixMonths = random.bool(SIX_MONTH_SHARE);
  let termMonths: 6 | 12 = inputs.lob === 'Personal' && sixMonths ? 6 : 12;
  let quoteOnly = random.bool(QUOTE_SHARE);
  const tenureDays = Math.min(MAX_TENURE_YEARS * 365, Math.floor((Math.log(1 - random.next()) / Math.log(ANNUAL_RETENTION)) * 365.25));
  const day = random.int(1, 28);
  const quoteLead = random.int(1, QUOTE_LEAD_DAYS);
  let ending = random.next();
  const lapsedAt = random.next();
  let lapsedStatus = random.next();
  const cancelAt = random.next();
  const reason = random.pickWeighted(REASONS, REASON_WEIGHTS);

  const asOfDay = toDayNumber(inputs.asOf);
  const d = inputs.demand ?? null;
  // --where (policy/conditions.ts): the term length the terms leave (a Personal account's: Commercial terms are 12 months).
  if (d?.termMonths && !d.termMonths.includes(termMonths) && inputs.lob === 'Personal') termMonths = d.termMonths[0]!;
  let startBy = d?.startBy ?? null;
  let lower = inputs.earliest;
  const target = d ? statusTarget(d, inputs, termMonths, random) : null;
  if (d) {
    if (target === 'quote') quoteOnly = true;
    else if (target !== null || d.window || startBy !== null) quoteOnly = false;
    if (target === 'in_force') ending = 1;
    else if (target === 'cancelled') ending = LAPSED_SHARE;
    else if (target === 'non_renewed') [ending, lapsedStatus] = [0, 0.6];
    else if (target === 'expired') ending = Math.max(ending, LAPSED_SHARE);
    if (target === 'expired' || target === 'non_renewed') {
      const by = addMonths(inputs.asOf, -termMonths);
      if (startBy === null || by < startBy) startBy = by;
    }
  }
  if (inputs.preferred !== null && inputs.preferred <= inputs.asOf && inputs.preferred > lower && (startBy === null || inputs.preferred <= startBy)) lower = inputs.preferred;
  const latestQuote = fromDayNumber(asOfDay + QUOTE_LEAD_DAYS);

  if (quoteOnly || lower > inputs.asOf) {
    let effective = onDay(fromDayNumber(asOfDay + quoteLead), day);
    if (effective < lower) effective = onDay(lower, day);
    if (effective > latestQuote) {
      const first = lower > inputs.asOf ? lower : fromDayNumber(asOfDay + 1);
      effective = first;
      if (effective > latestQuote) return { termMonths, terms: [] };
    }
    // --where: a quote its drivers are still licensed on (their licence may expire within QUOTE_LEAD_DAYS).
    const before = d?.quoteBefore ?? null;
    if (before !== null && effective >= before) {
      const first = lower > inputs.asOf ? lower : fromDayNumber(asOfDay + 1);
      if (first < before) effective = first;
    }
    return { termMonths, terms: [{ termNumber: 1, effective, expiration: addMonths(effective, termMonths), status: 'quote', cancellationDate: null, cancellationReason: null }] };
  }

  let start = onDay(fromDayNumber(asOfDay - tenureDays), day);
  if (start < lower) start = onDay(lower, day);
  if (start > inputs.asOf) start = onDay(fromDayNumber(toDayNumber(start) - 31), day);
  if (start < lower || start > inputs.asOf) start = lower; // a lower bound late in the month: start on it (day > 28 is possible then)
  if (startBy !== null && start > startBy && lower <= startBy) {
    // --where: start between the lower bound and startBy, the tenure draw placing it.
    const by = toDayNumber(startBy);
    start = onDay(fromDayNumber(by - (tenureDays % (by - toDayNumber(lower) + 1))), day);
    if (start > startBy) start = onDay(fromDayNumber(toDayNumber(start) - 31), day);
    if (start < lower) start = lower;
  }
  if (target === 'cancelled' && start >= inputs.asOf && lower < inputs.asOf) {
    start = onDay(fromDayNumber(asOfDay - 31), day);
    if (start < lower || start >= inputs.asOf) start = lower;
  }

  const dates: [string, string][] = [];
  for (let effective = start; ; ) {
    const expiration = addMonths(effective, termMonths);
    dates.push([effective, expiration]);
    if (expiration > inputs.asOf) break;
    effective = expiration;
  }

  const terms: TermPlan[] = dates.map(([effective, expiration], i) => ({ termNumber: i + 1, effective, expiration, status: 'expired', cancellationDate: null, cancellationReason: null }));
  // --where: a term must be in force on `hold` (the window's first day the chain reaches): a lapse keeps its term, a cancellation falls after it.
  const hold = d?.window ? Math.max(d.window.first, toDayNumber(start)) : null;
  const cancelledInside = (term: TermPlan, lastDay: number): TermPlan | null => {
    const first = Math.max(toDayNumber(term.effective) + 1, hold !== null && hold >= toDayNumber(term.effective) ? hold + 1 : 0);
    if (lastDay < first) return null;
    const cancelled = first + Math.floor(cancelAt * (lastDay - first + 1));
    return { ...term, status: 'cancelled', cancellationDate: fromDayNumber(cancelled), cancellationReason: reason };
  };

  const holding = hold === null ? -1 : terms.findIndex((t) => toDayNumber(t.effective) <= hold && hold < toDayNumber(t.expiration));
  if (ending < LAPSED_SHARE && terms.length >= 2 && holding < terms.length - 1) {
    const kept = Math.max(1 + Math.floor(lapsedAt * (terms.length - 1)), holding + 1);
    terms.length = kept;
    const last = terms[kept - 1]!;
    if (lapsedStatus < 0.55) terms[kept - 1] = last; // expired: the insured did not renew
    else if (lapsedStatus < 0.75) terms[kept - 1] = { ...last, status: 'non_renewed' };
    else terms[kept - 1] = cancelledInside(last, toDayNumber(last.expiration) - 1) ?? last;
    return { termMonths, terms };
  }
  const current = terms[terms.length - 1]!;
  // --where status=cancelled: a current term that starts on as_of has no day to be cancelled on, so the term before it is, and the chain ends there.
  if (target === 'cancelled' && current.effective >= inputs.asOf && terms.length >= 2 && holding < terms.length - 1) {
    const before = cancelledInside(terms[terms.length - 2]!, toDayNumber(current.effective) - 1);
    if (before !== null) {
      terms.length -= 1;
      terms[terms.length - 1] = before;
      return { termMonths, terms };
    }
  }
  const cancelled = ending < LAPSED_SHARE + CANCELLED_SHARE ? cancelledInside(current, Math.min(asOfDay, toDayNumber(current.expiration) - 1)) : null;
  terms[terms.length - 1] = cancelled ?? { ...current, status: 'in_force' };
  return { termMonths, terms };
}
