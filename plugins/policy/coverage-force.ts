/**
 * Coverage draws `--where` forces (the claim guarantee, a coverage code):
 * account-level lines (true: carried; csl: the Personal liability form) and
 * vehicle 0's optional lines. Every draw is still made, so only the forced
 * choices change.
 */
export interface CoverageForce {
  readonly csl?: boolean;
  readonly um: boolean;
  readonly uim: boolean;
  readonly umpd: boolean;
  readonly medpay: boolean;
  readonly hnoa: boolean;
  readonly noSymbol1: boolean;
  readonly comp: boolean;
  readonly coll: boolean;
  readonly rental: boolean;
  readonly towing: boolean;
}
