/**
 * What `--where` asks of an account's claims, read the same way by the
 * claim plugin (which places the required claims) and the policy and
 * coverage plugins (which make sure there is a term to place them on).
 */
import { countTerms, dateInterval, fieldTerms, integerInterval, toDayNumber, type Where } from '../../engine/kit.js';

/** The earliest loss date a term may ask for (no chain starts earlier). */
const EARLIEST = '1900-01-01';

export interface ClaimDemand {
  /** Claims each account must have at least (from `claims>=n`, or 1 when a `claim.<field>` term asks for one that matches). */
  readonly min: number;
  /** Claims each account may have at most (from `claims<=n`), or undefined. */
  readonly max?: number;
  /** First and last day (day numbers) a required claim's loss may fall on: the `claim.loss_date` terms, not after as_of. */
  readonly first: number;
  readonly last: number;
}

/**
 * The claims the terms ask of every account: null when no term names
 * claims, or when the terms leave nothing (no count, no loss day: the caller
 * throws ESDH_ERR_WHERE_IMPOSSIBLE with its own reason); `min` 0 when they
 * only cap the count (`claims<=2`).
 * @example
 * claimDemand(where, '2025-11-01'); // → { min: 1, first: <day of 2023-01-01>, last: <day of 2025-11-01> } for claims>=1,claim.loss_date>=2023-01-01
 */
export function claimDemand(where: Where, asOf: string): ClaimDemand | null {
  const counts = countTerms(where, 'claim');
  const fields = fieldTerms(where, 'claim');
  if (counts.length === 0 && fields.length === 0) return null;
  const bounds = integerInterval(counts, 0, Number.MAX_SAFE_INTEGER);
  const window = dateInterval(fieldTerms(where, 'claim', 'loss_date'), EARLIEST, asOf);
  if (!bounds || !window) return null;
  const min = Math.max(bounds[0], fields.length > 0 ? 1 : 0);
  return {
    min,
    ...(bounds[1] === Number.MAX_SAFE_INTEGER ? {} : { max: bounds[1] }),
    first: toDayNumber(window[0]),
    last: toDayNumber(window[1]),
  };
}
