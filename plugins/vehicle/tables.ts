import { cumulativeWeights, esdhError, type Distributions, type ReferenceData } from '../../engine/kit.js';
import { fleetEntries, loadCatalogue, V01_BODY_STYLES, type FleetEntry } from './catalogue.js';

export type Lob = 'Personal' | 'Commercial';

/**
 * What each line of business drives. `v01` is the v0.1 contract's rule
 * (docs/v0.1-contract.md); `full` the same rule in the catalogue's full list
 * (cars stay Personal, pickups and vans may be either). Both agree on the
 * names they share, so one check reads either vocabulary.
 */
export const LOB_BODY_STYLES: Readonly<Record<'v01' | 'full', Readonly<Record<Lob, readonly string[]>>>> = {
  v01: { Personal: ['Sedan', 'SUV'], Commercial: ['SUV', 'Truck'] },
  full: {
    Personal: ['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van'],
    Commercial: ['SUV', 'Minivan', 'Pickup', 'Van'],
  },
};

/** The v0.1 risk ratings each line of business may carry: Personal Low or Medium, Commercial Medium or High. */
export const LOB_RISKS: Readonly<Record<Lob, readonly ['Low' | 'Medium', 'Medium' | 'High']>> = {
  Personal: ['Low', 'Medium'],
  Commercial: ['Medium', 'High'],
};

/**
 * A body style's weight inside a line of business, times its share of
 * vehicles in use (an approximation: commercial fleets run mostly pickups
 * and vans, and few households insure a full-size van). Unlisted: 1.
 */
const LOB_STYLE_WEIGHT: Readonly<Record<Lob, Readonly<Record<string, number>>>> = {
  Personal: { Van: 0.2 },
  Commercial: { Pickup: 2, Van: 3, Minivan: 0.5 },
};

/** The (model, model year) entries one line of business draws from, and their cumulative weights. */
export interface LobDraw {
  readonly entries: readonly FleetEntry[];
  readonly cumulative: readonly number[];
}

/** What the vehicle plugin's `setup` builds once per run. */
export interface VehicleTables {
  /** true: records carry the v0.1 class (Sedan, SUV, Truck); false: the full body style. */
  readonly v01: boolean;
  readonly byLob: Readonly<Record<Lob, LobDraw>>;
}

const WHERE = "the run's distributions (config or profile)";

/** Which body styles a run may write, and in which vocabulary; a bad list is ESDH_ERR_CONFIG_INVALID. */
export function bodyStyleChoice(data: ReferenceData, listed: readonly string[] | undefined): { v01: boolean; allowed: ReadonlySet<string> } {
  const full = Object.keys(loadCatalogue(data).body_styles);
  if (listed === undefined) return { v01: false, allowed: new Set(full) };
  if (listed.every((s) => (V01_BODY_STYLES as readonly string[]).includes(s))) return { v01: true, allowed: new Set(listed) };
  for (const style of listed) {
    if (style === 'Truck') {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, 'distributions.body_styles',
        `'Truck' is a v0.1 body style: list it only with Sedan and SUV (the v0.1 three), or name the full styles Pickup and Van`);
    }
    if (!full.includes(style)) {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, 'distributions.body_styles',
        `unknown body style '${style}'; accepted: the v0.1 three (${V01_BODY_STYLES.join(', ')}) or the full list (${full.join(', ')})`);
    }
  }
  return { v01: false, allowed: new Set(listed) };
}

/** The make shares a run uses: the catalogue's, with `distributions.makes` over them; an unknown make is ESDH_ERR_CONFIG_INVALID. */
export function makeShares(data: ReferenceData, makes: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const shares = Object.fromEntries(loadCatalogue(data).makes.map((m) => [m.make, m.weight]));
  for (const [make, weight] of Object.entries(makes ?? {})) {
    if (!Object.hasOwn(shares, make)) {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, `distributions.makes.${make}`,
        `unknown make '${make}'; accepted (as the vehicle catalogue spells them): ${Object.keys(shares).sort().join(', ')}`);
    }
    shares[make] = weight;
  }
  if (Object.values(shares).every((w) => w <= 0)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, 'distributions.makes', 'every make has weight 0: give at least one make a weight above 0');
  }
  return shares;
}

/**
 * The draw tables of a run: per line of business the (model, model year)
 * entries of the fleet on `asOf` it may drive (body styles allowed by
 * `distributions.body_styles` and the lob rules, makes weighted by
 * `distributions.makes`), each weighted by its share of the fleet and the
 * body style's weight in that line of business.
 */
export function loadVehicleTables(data: ReferenceData, asOf: string, distributions: Readonly<Distributions> = {}): VehicleTables {
  const { v01, allowed } = bodyStyleChoice(data, distributions.body_styles);
  const entries = fleetEntries(data, asOf, makeShares(data, distributions.makes));
  const byLob = {} as Record<Lob, LobDraw>;
  for (const lob of ['Personal', 'Commercial'] as const) {
    const lobStyles = LOB_BODY_STYLES[v01 ? 'v01' : 'full'][lob];
    const eligible = entries.filter(({ model }) => {
      const written = v01 ? model.v01 : model.bodyStyle;
      return written !== null && allowed.has(written) && lobStyles.includes(written);
    });
    if (eligible.length === 0 && distributions.lob_mix?.[lob] !== 0) {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, 'distributions.body_styles',
        `[${[...allowed].join(', ')}] leaves ${lob} owners nothing to drive on ${asOf} (${lob} may have ${lobStyles.join(', ')}): add one of those, or set lob_mix.${lob} to 0`);
    }
    byLob[lob] = { entries: eligible, cumulative: cumulativeWeights(eligible.map((e) => e.weight * (LOB_STYLE_WEIGHT[lob][e.model.bodyStyle] ?? 1))) };
  }
  return { v01, byLob };
}
