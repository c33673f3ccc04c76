/** What `--where` may name of a vehicle (conditions.ts constructs each on an account's vehicle 0, household-plan.ts the counts). */
import { countTerms, esdhError, meetsAll, type Targeting, type Where } from '../../engine/kit.js';
import { COMMERCIAL_USAGES, PERSONAL_USAGES } from './conditions.js';

export const BODY_STYLES = ['Sedan', 'SUV', 'Truck', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'Minivan', 'Pickup', 'Van'] as const;
export const VEHICLE_CLASSES = ['private passenger', 'light truck', 'medium truck', 'heavy truck', 'extra-heavy truck', 'van', 'trailer'] as const;

export const vehicleTargeting: Targeting = {
  fields: {
    body_style: { type: 'enum', values: BODY_STYLES, description: "body style (a book: the catalogue's, Truck for medium and heavy trucks; v0.1: Sedan, SUV, Truck)" },
    make: { type: 'string', description: 'make as the vehicle catalogue spells it (e.g. Toyota, Ford; trucks: Freightliner, Peterbilt ...)' },
    model_year: { type: 'integer', description: 'model year (the fleet on as_of: up to as_of year + 1)' },
    vehicle_class: { type: 'enum', values: VEHICLE_CLASSES, description: 'a Commercial vehicle\'s class (private passenger, light truck, van up to 10,000 lb; medium, heavy, extra-heavy truck by GVWR); Personal vehicles have none' },
    usage: { type: 'enum', values: [...PERSONAL_USAGES, ...COMMERCIAL_USAGES], description: 'Personal: commute, pleasure, business, farm; Commercial: service, retail, commercial' },
  },
  count: { description: "an account's vehicles: a household's 1-4, a business's fleet of 1-50 (v0.1: one per unit)", max: 50 },
};

/** A v0.1 unit has one vehicle: a vehicles count term that 1 does not meet is ESDH_ERR_WHERE_IMPOSSIBLE. */
export function v01CountProblem(where: Where): void {
  const counts = countTerms(where, 'vehicle');
  if (counts.length > 0 && !meetsAll(counts, 1)) {
    throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', counts.map((t) => t.text).join(','), 'a v0.1 unit (one person and one vehicle) has exactly one vehicle: run a book profile for more');
  }
}
