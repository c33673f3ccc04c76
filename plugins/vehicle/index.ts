import { type Account, cumulativeWeights, defineEntityPlugin, esdhError, type GenerateContext, type Person, uuidV4, yearsBetween, type Vehicle } from '../../engine/kit.js';
import { bookLayout, numberOf, unitsWithin, type BookLayout } from '../account/book-layout.js';
import { householdPlan, VEHICLE_SLOTS } from '../account/household-plan.js';
import { commercialShare } from '../person/lob.js';
import type { FleetEntry } from './catalogue.js';
import { vehicleChecks } from './checks.js';
import { vehicleClassFor } from './classes.js';
import { riskRating } from './risk.js';
import { LOB_BODY_STYLES, type LobDraw, loadVehicleTables, type VehicleTables } from './tables.js';
import { lightGvwr, truckYears } from './trucks.js';
import { commercialMileage, personalMileage, personalUsage } from './usage.js';
import { buildVin, VIN_CHARS } from './vin.js';
import { bookConditions } from '../account/conditions.js';
import { PERSONAL_USAGES, vehicleConditions, type VehicleConditions } from './conditions.js';
import { vehicleTargeting, v01CountProblem } from './targeting.js';

/** Serial numbers (VIN 12-17: one VIN character, five digits) available before they repeat. */
const SERIAL_SPACE = VIN_CHARS.length * 100_000;
/** Odd multiplier coprime to SERIAL_SPACE: spreads consecutive units over the space. */
const SERIAL_STRIDE = 7_919;
/**
 * The most units a run may have: unit indices 0..MAX_UNITS-1 get distinct
 * serials, so no two vehicles of a snapshot share a VIN. The engine refuses
 * a larger run (or a unit range reaching past it) before it writes anything.
 */
export const MAX_UNITS = SERIAL_SPACE;

/** What a Commercial account's light vehicles are drawn from, by kind (catalogue body styles). */
const KIND_STYLES = { car: ['SUV', 'Minivan'], pickup: ['Pickup'], van: ['Van'] } as const;

interface BookTables extends VehicleTables {
  readonly inBook: boolean;
  /** How the run's accounts are numbered by line (VIN serials). */
  readonly layout: BookLayout;
  /** Commercial light vehicles by kind (falling back to every Commercial entry when the run's body styles leave a kind out). */
  readonly lightByKind: Readonly<Record<keyof typeof KIND_STYLES, LobDraw>>;
  /** Truck model years on as_of, by `Make|Model`. */
  readonly trucks: ReadonlyMap<string, { readonly entries: readonly FleetEntry[]; readonly cumulative: readonly number[] }>;
  /** --where: what the vehicle terms leave (conditions.ts), null without vehicle field terms. */
  readonly where: VehicleConditions | null;
}

/**
 * A vehicle garaged at its owner's address with a VIN that decodes in NHTSA
 * vPIC: one per person in v0.1 runs; in a book of business, the vehicles of
 * an account's householdPlan (a household's cars, a business's fleet).
 */
export const vehiclePlugin = defineEntityPlugin({
  name: 'vehicle',
  plural: 'vehicles',
  version: '1.3.0',
  schemaId: 'vehicle',
  dependencies: ['person'],
  optionalDependencies: ['account'],
  description: "The person's vehicle: make/model by US vehicles in use, model year by the fleet's age, a VIN that decodes in NHTSA vPIC; in a book of business, a household's cars or a business's fleet",
  idField: 'vehicle_id',
  references: { person_id: 'person.person_id', account_id: 'account.account_id', principal_driver_id: 'person.person_id' },
  uniqueFields: ['vin'],
  targeting: vehicleTargeting,
  maxUnits: (t: BookTables) => (t.inBook
    ? { units: unitsWithin(t.layout, MAX_UNITS), reason: `VIN serials (positions 12-17) are unique only up to ${MAX_UNITS.toLocaleString('en-US')} vehicles, shared by the vehicle numbers of each account (up to ${VEHICLE_SLOTS.personal} a household, ${VEHICLE_SLOTS.commercial} a business)` }
    : { units: MAX_UNITS, reason: `VIN serials (positions 12-17) are unique only up to ${MAX_UNITS.toLocaleString('en-US')} units` }),
  checks: vehicleChecks,
  setup: (ctx): BookTables => {
    const tables = loadVehicleTables(ctx.data, ctx.asOf, ctx.distributions);
    const inBook = ctx.entities.includes('account');
    const commercial = tables.byLob.Commercial;
    const lightByKind = Object.fromEntries(Object.entries(KIND_STYLES).map(([kind, styles]) => {
      const entries = commercial.entries.filter((e) => (styles as readonly string[]).includes(e.model.bodyStyle));
      return [kind, entries.length > 0 ? { entries, cumulative: cumulativeWeights(entries.map((e) => e.weight)) } : commercial];
    })) as BookTables['lightByKind'];
    const targeted = ctx.where.length > 0;
    const layout = bookLayout(inBook && targeted ? bookConditions(ctx).commercialShare : commercialShare(ctx.distributions.lob_mix), VEHICLE_SLOTS);
    const conditions = targeted ? vehicleConditions(ctx.where, ctx.data, ctx.asOf, ctx.distributions) : null;
    if (targeted && !inBook) v01CountProblem(ctx.where);
    return { ...tables, inBook, layout, lightByKind, trucks: inBook ? truckYears(ctx.data, ctx.asOf) : new Map(), where: conditions?.fields ? conditions : null };
  },
  count: (ctx) => {
    const account = ctx.deps.account?.[0];
    return account ? householdPlan(account, ctx).vehicles.length : 1;
  },
  generate(ctx) {
    const account = ctx.deps.account?.[0];
    if (account) return bookVehicle(ctx, account);
    const { random, state: tables } = ctx;
    const owner = ctx.dep('person');
    // --where: the catalogue entries the vehicle terms leave (the person plugin gave the owner a line that has some).
    const lob = (tables.where ? tables.where.v01[owner.lob_type] : null) ?? tables.byLob[owner.lob_type];
    if (lob.entries.length === 0) {
      const styles = LOB_BODY_STYLES[tables.v01 ? 'v01' : 'full'][owner.lob_type].join(', ');
      throw esdhError('ESDH_ERR_CONFIG_INVALID', "the run's distributions (config or profile)", 'distributions.body_styles',
        `a ${owner.lob_type} owner was made although lob_mix.${owner.lob_type} is 0, and body_styles leaves ${owner.lob_type} owners nothing to drive: add one of ${styles}`);
    }
    const { model, model_year, vin } = drawModel(lob, random, serialFor(ctx.seed, ctx.unitIndex, ctx.childIndex));
    const risk_rating = riskRating({
      lob: owner.lob_type,
      ownerAge: yearsBetween(owner.date_of_birth, ctx.asOf),
      bodyStyle: model.bodyStyle,
      vehicleAge: Number(ctx.asOf.slice(0, 4)) - model_year,
    }, random);
    const vehicle_id = uuidV4(random);
    const { usage, annual_mileage } = lobUsage(owner.lob_type, random, tables.where);
    return {
      vehicle_id,
      person_id: owner.person_id,
      vin,
      make: model.make,
      model: model.model,
      model_year,
      body_style: (tables.v01 ? model.v01! : model.bodyStyle) as Vehicle['body_style'],
      risk_rating,
      lob_type: owner.lob_type,
      garaging_state: owner.state,
      garaging_postal_code: owner.postal_code,
      synthetic_source: ctx.marker,
      // Book-of-business fields, drawn after the v0.1 ones: the owner drives it; no commercial class.
      account_id: null,
      principal_driver_id: owner.person_id,
      usage,
      annual_mileage,
      vehicle_class: null,
      gvwr_lbs: null,
      radius_class: null,
    };
  },
});

/** A vehicle's use and annual miles by its owner's line: Personal uses for Personal owners, Commercial ones (local light vehicles) otherwise. */
function lobUsage(lob: Person['lob_type'], random: GenerateContext['random'], where: VehicleConditions | null = null): Pick<Vehicle, 'usage' | 'annual_mileage'> {
  if (lob === 'Personal') {
    const usage = where && where.personal && where.personal.usages.length < PERSONAL_USAGES.length ? personalUsage(random, where.personal.usages) : personalUsage(random);
    return { usage, annual_mileage: personalMileage(usage, random) };
  }
  const usages = where ? (where.commercialUsages as readonly ('service' | 'retail' | 'commercial')[]) : (['service', 'retail', 'commercial'] as const);
  return { usage: random.pick(usages), annual_mileage: commercialMileage('pickup', 'local', random) };
}

/**
 * A vehicle of a book account, as its householdPlan says: Personal from the
 * Personal fleet, Commercial light ones from the catalogue's SUVs, minivans,
 * pickups and vans (GVWR up to 10,000 lb), trucks from the truck table;
 * owned by the named insured (Commercial: the first scheduled driver),
 * driven mostly by the plan's principal driver, garaged at the account's
 * address; VIN serials packed by line (book-layout.ts numberOf).
 */
function bookVehicle(ctx: GenerateContext<BookTables, 'person', 'account'>, account: Account): Vehicle {
  const { random, state: tables } = ctx;
  const plan = householdPlan(account, ctx);
  const planned = plan.vehicles[ctx.childIndex]!;
  const owner = ctx.dep('person', plan.owner);
  const principal = ctx.dep('person', planned.principal);
  const commercial = account.lob_type === 'Commercial';
  const kind = planned.kind ?? 'car';
  // --where: vehicle 0 is the vehicle terms' target: its model and year from the entries they leave (its kind, truck and GVWR are the plan's).
  const target = ctx.childIndex === 0 ? tables.where : null;
  const truck = planned.truck ? (target?.truckYears.get(planned.truck.key) ?? tables.trucks.get(planned.truck.key)) : undefined;
  const light = commercial ? (target?.light[kind as keyof typeof KIND_STYLES] ?? tables.lightByKind[kind as keyof typeof KIND_STYLES] ?? tables.byLob.Commercial) : (target?.personal?.draw ?? tables.byLob.Personal);
  const draw: { readonly entries: readonly FleetEntry[]; readonly cumulative: readonly number[] } = truck ?? light;
  const { model, model_year, vin } = drawModel(draw, random, serialFor(ctx.seed, numberOf(tables.layout, ctx.seed, ctx.unitIndex, ctx.childIndex), 0));
  const risk_rating = riskRating({
    lob: account.lob_type,
    ownerAge: yearsBetween(principal.date_of_birth, ctx.asOf),
    bodyStyle: model.bodyStyle,
    vehicleAge: Number(ctx.asOf.slice(0, 4)) - model_year,
  }, random);
  const body_style = (truck ? 'Truck' : tables.v01 ? model.v01! : model.bodyStyle) as Vehicle['body_style'];
  let usage: Vehicle['usage'];
  let annual_mileage: number;
  let commercialFields: Pick<Vehicle, 'vehicle_class' | 'gvwr_lbs' | 'radius_class'> = { vehicle_class: null, gvwr_lbs: null, radius_class: null };
  if (commercial) {
    const radius = planned.radius ?? 'local';
    let gvwr = planned.gvwr;
    if (gvwr === null) {
      // Light commercial vehicles: GVWR in the model's range, up to 10,000 lb (class 1-2); heavier ones come from the truck table.
      const [lo, hi] = lightGvwr(ctx.data, model.make, model.model, model.bodyStyle);
      gvwr = Math.min(10_000, Math.round(random.int(lo, Math.max(lo, Math.min(hi, 10_000))) / 10) * 10);
    }
    usage = planned.usage ?? 'commercial';
    annual_mileage = commercialMileage(kind, radius, random);
    commercialFields = { vehicle_class: vehicleClassFor(kind, gvwr), gvwr_lbs: gvwr, radius_class: radius };
  } else {
    ({ usage, annual_mileage } = lobUsage('Personal', random, target));
  }
  return {
    vehicle_id: uuidV4(random),
    person_id: owner.person_id,
    vin,
    make: model.make,
    model: model.model,
    model_year,
    body_style,
    risk_rating,
    lob_type: account.lob_type,
    garaging_state: account.state,
    garaging_postal_code: account.postal_code,
    synthetic_source: ctx.marker,
    account_id: account.account_id,
    principal_driver_id: principal.person_id,
    usage,
    annual_mileage,
    ...commercialFields,
  };
}

/**
 * A model and model year by the draw's weights, and a VIN that decodes to
 * them: the catalogue row's WMI, VDS and plant, `serial` in positions 12-17.
 */
function drawModel(draw: { readonly entries: readonly FleetEntry[]; readonly cumulative: readonly number[] }, random: GenerateContext['random'], serial: string): { model: FleetEntry['model']; model_year: number; vin: string } {
  const { model, year } = draw.entries[random.weightedIndex(draw.cumulative)]!;
  const model_year = model.years[year]!;
  const rows = model.parts[year]!;
  const row = rows.length === 1 ? rows[0]! : random.pick(rows);
  const vin = buildVin({
    wmi: row.wmis.length === 1 ? row.wmis[0]! : random.pick(row.wmis),
    vds: row.vds.length === 1 ? row.vds[0]! : random.pick(row.vds),
    modelYear: model_year,
    plant: random.chars(row.plants, 1),
    serial,
  });
  return { model, model_year, vin };
}

/**
 * VIN positions 12-17 from the unit index, a bijection over SERIAL_SPACE
 * units: no two vehicles of a run (up to MAX_UNITS, 3.3 million units) share a serial.
 */
export function serialFor(seed: number, unitIndex: number, childIndex: number): string {
  const offset = (seed % SERIAL_SPACE + childIndex * 1_100_003) % SERIAL_SPACE;
  const n = (((unitIndex % SERIAL_SPACE) * SERIAL_STRIDE) % SERIAL_SPACE + offset) % SERIAL_SPACE;
  const digits = n % 100_000;
  return String.fromCharCode(VIN_CHARS.charCodeAt(Math.floor(n / 100_000)), 48 + Math.floor(digits / 10_000), 48 + (Math.floor(digits / 1000) % 10),
    48 + (Math.floor(digits / 100) % 10), 48 + (Math.floor(digits / 10) % 10), 48 + (digits % 10));
}
