import type { RandomStream } from '../../engine/kit.js';
import { LOB_RISKS, type Lob } from './tables.js';

/** What an underwriter looks at, as far as a v0.1 record shows it. */
export interface RiskFacts {
  readonly lob: Lob;
  /** The owner's age on as_of. */
  readonly ownerAge: number;
  /** The catalogue body style (full list). */
  readonly bodyStyle: string;
  /** as_of year - model year. */
  readonly vehicleAge: number;
}

/** Young drivers crash most, drivers over 70 more again (the U-shaped crash rate by age). */
function ownerScore(age: number): number {
  if (age < 21) return 2.5;
  if (age < 25) return 1.5;
  if (age < 30) return 0.5;
  if (age < 70) return 0;
  return age < 80 ? 0.5 : 1.5;
}

/** Sports bodies draw more losses; minivans fewer; pickups and vans carry more weight into a crash. */
const BODY_SCORE: Readonly<Record<string, number>> = { Coupe: 1, Convertible: 1, Pickup: 0.5, Van: 0.5, Minivan: -0.5 };

/** New vehicles cost more to repair; old ones lack the newer safety systems. */
function vehicleScore(age: number): number {
  if (age <= 2) return 0.5;
  return age >= 15 ? 1 : 0;
}

/**
 * The probability of the higher rating of the pair: a logistic curve of the
 * facts' score (score 0: 18%, 1.5: 50%, 3: 82%).
 */
export function higherRiskShare(facts: RiskFacts): number {
  const score = ownerScore(facts.ownerAge) + (BODY_SCORE[facts.bodyStyle] ?? 0) + vehicleScore(facts.vehicleAge);
  return 1 / (1 + Math.exp(1.5 - score));
}

/** The risk rating inside the line of business's pair (Personal Low/Medium, Commercial Medium/High); one draw from `random`. */
export function riskRating(facts: RiskFacts, random: RandomStream): 'Low' | 'Medium' | 'High' {
  const [low, high] = LOB_RISKS[facts.lob];
  return random.next() < higherRiskShare(facts) ? high : low;
}
