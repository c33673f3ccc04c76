import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { loadVehicleTables } from './catalogue.js';
import { vehicleChecks } from './checks.js';
import { buildVin, VIN_CHARS } from './vin.js';

/** The v0.1 line-of-business rules: what a Personal or Commercial owner drives, and its risk. */
const LOB_RULES = {
  Personal: { bodyStyles: ['Sedan', 'SUV'], risks: ['Low', 'Medium'] },
  Commercial: { bodyStyles: ['SUV', 'Truck'], risks: ['Medium', 'High'] },
} as const;

/** Serial numbers (VIN 12-17: one VIN character, five digits) available before they repeat. */
const SERIAL_SPACE = VIN_CHARS.length * 100_000;
/** Odd multiplier coprime to SERIAL_SPACE: spreads consecutive units over the space. */
const SERIAL_STRIDE = 7_919;

/** One vehicle per person (v0.1), garaged at the owner's address, with a valid VIN. */
export const vehiclePlugin = defineEntityPlugin({
  name: 'vehicle',
  plural: 'vehicles',
  version: '1.1.0',
  schemaId: 'vehicle',
  dependencies: ['person'],
  description: "The person's vehicle: catalogue make/model/year, a VIN with a real manufacturer code and check digit",
  idField: 'vehicle_id',
  references: { person_id: 'person.person_id' },
  uniqueFields: ['vin'],
  checks: vehicleChecks,
  setup: (ctx) => loadVehicleTables(ctx.data, ctx.asOf),
  generate(ctx) {
    const { random, state: tables } = ctx;
    const owner = ctx.dep('person');
    const rules = LOB_RULES[owner.lob_type];
    const body_style = random.pick(rules.bodyStyles);
    const model = random.pick(tables.byBodyStyle[body_style]!);
    const model_year = random.int(model.firstYear, model.lastYear);
    const vin = buildVin({
      wmi: random.pick(model.wmi),
      vds: random.pick(model.vds),
      modelYear: model_year,
      plant: random.chars(model.plants, 1),
      serial: serialFor(ctx.seed, ctx.unitIndex, ctx.childIndex),
    });
    return {
      vehicle_id: uuidV4(random),
      person_id: owner.person_id,
      vin,
      make: model.make,
      model: model.model,
      model_year,
      body_style,
      risk_rating: random.pick(rules.risks),
      lob_type: owner.lob_type,
      garaging_state: owner.state,
      garaging_postal_code: owner.postal_code,
      synthetic_source: ctx.marker,
    };
  },
});

/**
 * VIN positions 12-17 from the unit index, a bijection over SERIAL_SPACE
 * units: no two vehicles of a run (up to 3.3 million units) share a serial.
 */
export function serialFor(seed: number, unitIndex: number, childIndex: number): string {
  const offset = (seed % SERIAL_SPACE + childIndex * 1_100_003) % SERIAL_SPACE;
  const n = (((unitIndex % SERIAL_SPACE) * SERIAL_STRIDE) % SERIAL_SPACE + offset) % SERIAL_SPACE;
  return VIN_CHARS[Math.floor(n / 100_000)]! + String(n % 100_000).padStart(5, '0');
}
