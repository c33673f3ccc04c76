import type { ReferenceData } from '../../engine/kit.js';

/** A model as the catalogue lists it (data/reference/vehicle/catalogue.json). */
export interface CatalogueModel {
  readonly model: string;
  readonly body_style: 'Sedan' | 'SUV' | 'Truck';
  /** First and last US model years. */
  readonly years: readonly [number, number];
  readonly wmi: readonly string[];
  readonly vds: readonly string[];
}

export interface CatalogueMake {
  readonly make: string;
  readonly plants: string;
  readonly models: readonly CatalogueModel[];
}

/** A model ready to draw from: its make and the model years allowed on as_of. */
export interface ModelChoice extends CatalogueModel {
  readonly make: string;
  readonly plants: string;
  readonly firstYear: number;
  readonly lastYear: number;
}

/** Models by body style, limited to those sold in the years a run may use. */
export interface VehicleTables {
  readonly byBodyStyle: Readonly<Record<string, readonly ModelChoice[]>>;
}

/** How far back model years reach from as_of. */
export const MAX_VEHICLE_AGE = 20;
/** The earliest model year with a VIN year code ESDH writes. */
const FIRST_CODED_YEAR = 2000;

export function loadCatalogue(data: ReferenceData): CatalogueMake[] {
  return data.get<CatalogueMake[]>('vehicle.catalogue.makes');
}

/** Index the catalogue by body style for an as_of date: model year in [as_of - 20, as_of + 1]. */
export function loadVehicleTables(data: ReferenceData, asOf: string): VehicleTables {
  const asOfYear = Number(asOf.slice(0, 4));
  const byBodyStyle: Record<string, ModelChoice[]> = { Sedan: [], SUV: [], Truck: [] };
  for (const make of loadCatalogue(data)) {
    for (const model of make.models) {
      const firstYear = Math.max(model.years[0], asOfYear - MAX_VEHICLE_AGE, FIRST_CODED_YEAR);
      const lastYear = Math.min(model.years[1], asOfYear + 1);
      if (firstYear > lastYear) continue;
      (byBodyStyle[model.body_style] ??= []).push({ ...model, make: make.make, plants: make.plants, firstYear, lastYear });
    }
  }
  return { byBodyStyle };
}
