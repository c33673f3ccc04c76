import { defineEntityPlugin, esdhError, uuidV4, yearsBetween, type Vehicle } from '../../engine/kit.js';
import { vehicleChecks } from './checks.js';
import { riskRating } from './risk.js';
import { LOB_BODY_STYLES, loadVehicleTables } from './tables.js';
import { buildVin, VIN_CHARS } from './vin.js';

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

/** One vehicle per person (v0.1), garaged at the owner's address, with a VIN that decodes in NHTSA vPIC. */
export const vehiclePlugin = defineEntityPlugin({
  name: 'vehicle',
  plural: 'vehicles',
  version: '1.2.0',
  schemaId: 'vehicle',
  dependencies: ['person'],
  description: "The person's vehicle: make/model by US vehicles in use, model year by the fleet's age, a VIN that decodes in NHTSA vPIC",
  idField: 'vehicle_id',
  references: { person_id: 'person.person_id' },
  uniqueFields: ['vin'],
  maxUnits: () => ({ units: MAX_UNITS, reason: `VIN serials (positions 12-17) are unique only up to ${MAX_UNITS.toLocaleString('en-US')} units` }),
  checks: vehicleChecks,
  setup: (ctx) => loadVehicleTables(ctx.data, ctx.asOf, ctx.distributions),
  generate(ctx) {
    const { random, state: tables } = ctx;
    const owner = ctx.dep('person');
    const lob = tables.byLob[owner.lob_type];
    if (lob.entries.length === 0) {
      const styles = LOB_BODY_STYLES[tables.v01 ? 'v01' : 'full'][owner.lob_type].join(', ');
      throw esdhError('ESDH_ERR_CONFIG_INVALID', "the run's distributions (config or profile)", 'distributions.body_styles',
        `a ${owner.lob_type} owner was made although lob_mix.${owner.lob_type} is 0, and body_styles leaves ${owner.lob_type} owners nothing to drive: add one of ${styles}`);
    }
    const { model, year } = lob.entries[random.weightedIndex(lob.cumulative)]!;
    const model_year = model.years[year]!;
    const rows = model.parts[year]!;
    const row = rows.length === 1 ? rows[0]! : random.pick(rows);
    const vin = buildVin({
      wmi: row.wmis.length === 1 ? row.wmis[0]! : random.pick(row.wmis),
      vds: row.vds.length === 1 ? row.vds[0]! : random.pick(row.vds),
      modelYear: model_year,
      plant: random.chars(row.plants, 1),
      serial: serialFor(ctx.seed, ctx.unitIndex, ctx.childIndex),
    });
    const risk_rating = riskRating({
      lob: owner.lob_type,
      ownerAge: yearsBetween(owner.date_of_birth, ctx.asOf),
      bodyStyle: model.bodyStyle,
      vehicleAge: Number(ctx.asOf.slice(0, 4)) - model_year,
    }, random);
    return {
      vehicle_id: uuidV4(random),
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
    };
  },
});

/**
 * VIN positions 12-17 from the unit index, a bijection over SERIAL_SPACE
 * units: no two vehicles of a run (up to MAX_UNITS, 3.3 million units) share a serial.
 */
export function serialFor(seed: number, unitIndex: number, childIndex: number): string {
  const offset = (seed % SERIAL_SPACE + childIndex * 1_100_003) % SERIAL_SPACE;
  const n = (((unitIndex % SERIAL_SPACE) * SERIAL_STRIDE) % SERIAL_SPACE + offset) % SERIAL_SPACE;
  return VIN_CHARS[Math.floor(n / 100_000)]! + String(n % 100_000).padStart(5, '0');
}
