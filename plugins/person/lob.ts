/**
 * Line of business by age: Commercial owners are rarely under 21 or over 75,
 * while the run's overall mix stays at `distributions.lob_mix`
 * (docs/domain-rules.md, "Line of business").
 */
import { esdhError, type Distributions } from '../../engine/kit.js';
import { DRIVER_AGES } from './ages.js';

/** The v0.1 mix, used for each line `distributions.lob_mix` leaves out. */
export const DEFAULT_LOB_MIX = { Personal: 0.7, Commercial: 0.3 } as const;

/**
 * How likely a driver of each age is to own a Commercial policy, relative to
 * one aged 25-60: a piecewise-linear curve through these (age, relative
 * likelihood) points.
 */
const COMMERCIAL_BY_AGE: readonly (readonly [number, number])[] = [[16, 0.02], [19, 0.05], [21, 0.3], [25, 1], [60, 1], [75, 0.35], [77, 0.08], [90, 0.04]];

/** The Commercial share of `lob_mix`, each line missing from it at its default weight. */
export function commercialShare(mix: Distributions['lob_mix']): number {
  const personal = mix?.Personal ?? DEFAULT_LOB_MIX.Personal;
  const commercial = mix?.Commercial ?? DEFAULT_LOB_MIX.Commercial;
  if (!(personal + commercial > 0)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', "the run's distributions", 'distributions.lob_mix', `Personal ${personal} and Commercial ${commercial} sum to 0: give at least one line a weight above 0, e.g. {Personal: 1, Commercial: 0}`);
  }
  return commercial / (personal + commercial);
}

function relativeLikelihood(age: number): number {
  for (let k = 1; k < COMMERCIAL_BY_AGE.length; k++) {
    const [[x0, y0], [x1, y1]] = [COMMERCIAL_BY_AGE[k - 1]!, COMMERCIAL_BY_AGE[k]!];
    if (age <= x1) return y0 + ((y1 - y0) * (age - x0)) / (x1 - x0);
  }
  return COMMERCIAL_BY_AGE[COMMERCIAL_BY_AGE.length - 1]![1];
}

/**
 * P(Commercial | age) for ages 16..90: min(1, k * curve(age)) with k chosen
 * (by bisection) so that over `ageWeights` the Commercial share is exactly
 * `share`.
 * @example
 * const p = commercialByAge(weights, 0.3); // p[30 - 16] ≈ 0.36, p[18 - 16] ≈ 0.02; sum(p * weights) / sum(weights) = 0.3
 */
export function commercialByAge(ageWeights: readonly number[], share: number): number[] {
  const curve = ageWeights.map((_, i) => relativeLikelihood(DRIVER_AGES.from + i));
  if (share <= 0) return curve.map(() => 0);
  if (share >= 1) return curve.map(() => 1);
  const total = ageWeights.reduce((a, b) => a + b, 0);
  const shareAt = (k: number) => ageWeights.reduce((sum, w, i) => sum + w * Math.min(1, k * curve[i]!), 0) / total;
  let [lo, hi] = [0, 1];
  while (shareAt(hi) < share) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (shareAt(mid) < share) lo = mid;
    else hi = mid;
  }
  return curve.map((c) => Math.min(1, hi * c));
}
