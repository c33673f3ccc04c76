import { esdhError, type SetupContext } from '../../engine/kit.js';
import { AgeTable, bandWeights, defaultAgeWeights, DRIVER_AGES } from './ages.js';
import { disjointShapes, licenceNumbering, type LicenceNumbering, type LicenceShape, shapeSpace } from './licence.js';
import { loadLicenceRules, ruleFor, type LicenceRule } from './licence-rules.js';
import { commercialByAge, commercialShare } from './lob.js';

/** One state's licence: its rules and the shape its numbers take (disjoint from other states' templates). */
export interface StateLicence {
  readonly rule: LicenceRule;
  readonly shape: LicenceShape;
  readonly space: number;
  /** The run's numbering of the shape (states with one template number alike, told apart by the unit index). */
  numbering(seed: number): LicenceNumbering;
}

/** What the driver fields (age, licence, lob) draw from, built once per run. */
export interface DriverTables {
  readonly ages: AgeTable;
  /** P(Commercial) by age, ages 16..90. */
  readonly commercialByAge: readonly number[];
  readonly licences: ReadonlyMap<string, StateLicence>;
  /** The most units before a licence number would repeat, and why. */
  readonly capacity: { readonly units: number; readonly reason: string };
}

/**
 * Ages from `distributions.driver_ages` (else FHWA), lob by age at the
 * `lob_mix` share, and every state's licence rule and number shape.
 */
export function loadDriverTables(ctx: Pick<SetupContext, 'data' | 'distributions'>, states: readonly { readonly code: string; readonly licenceTemplate: string }[], drawn: readonly { readonly code: string }[] = states): DriverTables {
  const weights = ctx.distributions.driver_ages ? bandWeights(ctx.distributions.driver_ages) : defaultAgeWeights(ctx.data);
  const ages = new AgeTable(weights);
  const rules = loadLicenceRules(ctx.data);
  const shapes = disjointShapes(states.map((s) => s.licenceTemplate));
  const licences = new Map<string, StateLicence>();
  const drawnCodes = new Set(drawn.map((s) => s.code));
  for (const state of states) {
    const rule = ruleFor(rules, state.code);
    if (drawnCodes.has(state.code) && !ages.allows(rule.licence_age_months)) {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', "the run's distributions", 'distributions.driver_ages',
        `no band gives weight to ages ${Math.floor(rule.licence_age_months / 12)}-${DRIVER_AGES.to}, but ${state.code} licenses drivers from ${formatMonths(rule.licence_age_months)}: give weight to older ages, or leave ${state.code} out of states`);
    }
    const shape = shapes.get(state.licenceTemplate)!;
    licences.set(state.code, { rule, shape, space: shapeSpace(shape), numbering: memoBySeed(shape) });
  }
  const smallest = drawn.map((s) => [s.code, licences.get(s.code)!] as const).reduce((a, b) => (b[1].space < a[1].space ? b : a));
  return {
    ages,
    commercialByAge: commercialByAge(weights, commercialShare(ctx.distributions.lob_mix)),
    licences,
    capacity: {
      units: smallest[1].space,
      reason: `licence numbers are unique within a run only up to the smallest number space among its states, ${smallest[0]}'s (${smallest[1].space.toLocaleString('en-US')} numbers)`,
    },
  };
}

/** The numbering of `shape` for a seed, kept for the last seed asked (one per run). */
function memoBySeed(shape: LicenceShape): (seed: number) => LicenceNumbering {
  let last: LicenceNumbering | undefined;
  let lastSeed = NaN;
  return (seed) => {
    if (seed !== lastSeed) [last, lastSeed] = [licenceNumbering(shape, seed), seed];
    return last!;
  };
}

function formatMonths(months: number): string {
  return months % 12 === 0 ? `age ${months / 12}` : `age ${Math.floor(months / 12)} years ${months % 12} months`;
}
