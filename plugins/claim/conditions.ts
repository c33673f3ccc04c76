/**
 * What `--where` asks of an account's claims, read once in setup (by the
 * claim, claim_exposure and claim_transaction plugins alike): the claims to
 * place in every account and the choices each may draw from. A combination
 * no claim can meet is refused here, before anything is generated.
 */
import { allowedValues, countTerms, esdhError, fieldTerms, meetsAll, toDayNumber, type Where, type WhereTerm } from '../../engine/kit.js';
import { CAUSE_RULES, CAUSES, EXPOSURE_CODES, type ExposureCode, type LossCause, STATUSES, type ClaimStatus } from './model.js';
import { claimDemand } from './window.js';

/** Claim numbers set aside per account: the most claims an account may have. */
export const CLAIM_SLOTS = 1024;
/** A reopened claim needs a day to close and one to reopen before as_of. */
export const REOPEN_ROOM_DAYS = 2;
const EARLIEST = toDayNumber('1900-01-01');

/** One claim to place in every account. */
export interface Placement {
  /** The (cause, at fault) pairs it may have, each with the lines its first exposure may be on. */
  readonly combos: readonly { readonly cause: LossCause; readonly atFault: boolean; readonly codes: readonly ExposureCode[] }[];
  readonly statuses: readonly ClaimStatus[];
  /** First and last loss day (day numbers) it may have; `lossTerms` for the `!=` days. */
  readonly first: number;
  readonly last: number;
  readonly lossTerms: readonly WhereTerm[];
}

export interface Conditions {
  /** A key telling conditions apart in the plan cache ('' without terms). */
  readonly key: string;
  readonly placements: readonly Placement[];
  /** The most claims an account may have (`claims<=n`, else CLAIM_SLOTS). */
  readonly max: number;
}

export const NO_CONDITIONS: Conditions = Object.freeze({ key: '', placements: Object.freeze([]), max: CLAIM_SLOTS });

const text = (terms: readonly WhereTerm[]) => terms.map((t) => t.text).join(',');

function combosFor(causes: readonly LossCause[], faults: readonly boolean[], codes: readonly ExposureCode[]) {
  const out: { cause: LossCause; atFault: boolean; codes: ExposureCode[] }[] = [];
  for (const cause of causes) {
    const primary = CAUSE_RULES[cause].primary.filter((c) => codes.includes(c));
    if (primary.length === 0) continue;
    for (const atFault of CAUSE_RULES[cause].faults) if (faults.includes(atFault)) out.push({ cause, atFault, codes: primary });
  }
  return out;
}

/** The run's claim conditions; throws ESDH_ERR_WHERE_IMPOSSIBLE for a combination no claim can meet. */
export function claimConditions(where: Where, asOf: string): Conditions {
  const claimTerms = [...countTerms(where, 'claim'), ...fieldTerms(where, 'claim')];
  const codeTerms = fieldTerms(where, 'claim_exposure', 'coverage_code');
  if (claimTerms.length === 0 && codeTerms.length === 0) return NO_CONDITIONS;
  const all = text([...claimTerms, ...codeTerms]);
  const impossible = (why: string) => esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', all, why);
  const asOfDay = toDayNumber(asOf);
  const demand = claimTerms.length ? claimDemand(where, asOf) : { min: 0, first: EARLIEST, last: asOfDay };
  if (!demand) throw impossible(`no claim count and loss date meet them (loss dates run to as_of ${asOf})`);
  const max = Math.min(demand.max ?? CLAIM_SLOTS, CLAIM_SLOTS);
  const causes = allowedValues(fieldTerms(where, 'claim', 'loss_cause'), CAUSES);
  const faults = allowedValues(fieldTerms(where, 'claim', 'at_fault'), [true, false]);
  const statuses = allowedValues(fieldTerms(where, 'claim', 'status'), STATUSES);
  const codes = allowedValues(codeTerms, EXPOSURE_CODES);
  const lossTerms = fieldTerms(where, 'claim', 'loss_date');

  const placement = (combos: Placement['combos'], allowed: readonly ClaimStatus[], first: number, lastDay: number, why: string): Placement => {
    if (combos.length === 0) throw impossible(why);
    // A reopened claim closes and reopens before as_of: its loss leaves room for both.
    const last = allowed.every((s) => s === 'reopened') ? Math.min(lastDay, asOfDay - REOPEN_ROOM_DAYS) : lastDay;
    if (allowed.length === 0) throw impossible('no claim status is left');
    if (first > last) throw impossible(`a ${allowed.join(' or ')} claim needs a loss by ${new Date((asOfDay - REOPEN_ROOM_DAYS) * 86_400_000).toISOString().slice(0, 10)} (it closes and reopens by as_of ${asOf})`);
    let day = first;
    while (day <= last && day - first < 400 && !meetsAll(lossTerms, new Date(day * 86_400_000).toISOString().slice(0, 10))) day++;
    if (day > last) throw impossible('no loss date is left');
    return { combos, statuses: allowed, first, last, lossTerms };
  };

  const placements: Placement[] = [];
  const claimCombos = combosFor(causes, faults, EXPOSURE_CODES);
  const why = `no loss cause among ${causes.join(', ') || 'none'} can have at_fault ${faults.join(' or ') || 'none'}`;
  for (let i = 0; i < demand.min; i++) placements.push(placement(claimCombos, statuses, demand.first, demand.last, why));
  if (codeTerms.length) {
    const withCodes = combosFor(causes, faults, codes);
    if (placements.length > 0 && withCodes.length > 0) {
      placements[0] = placement(withCodes, statuses, demand.first, demand.last, why);
    } else {
      // The exposure term holds on a claim of its own (any cause, status and date).
      placements.push(placement(combosFor(CAUSES, [true, false], codes), STATUSES, EARLIEST, asOfDay, `no loss cause is paid from ${codes.join(', ') || 'no line'}`));
    }
  }
  if (placements.length > max) throw impossible(`they need ${placements.length} claims in an account, and at most ${max} are allowed`);
  return { key: all, placements, max };
}
