import type { CheckContext, RecordCheck, ReferenceData, Vehicle } from '../../engine/kit.js';
import { loadCatalogue, type CatalogueModel } from './catalogue.js';
import { commercialClassProblem } from './classes.js';
import { LOB_BODY_STYLES, LOB_RISKS, type Lob } from './tables.js';
import { loadTruckCatalogue } from './trucks.js';
import { isVinWellFormed, modelYearCode, position7Fits } from './vin.js';

/** A catalogue model with its make's name and its rows split into WMI, VDS and plant lists. */
interface IndexedModel {
  readonly make: string;
  readonly model: CatalogueModel;
  readonly v01: string | null;
  readonly rows: readonly { readonly first: number; readonly last: number; readonly wmis: readonly string[]; readonly vds: readonly string[]; readonly plants: string }[];
  readonly wmis: ReadonlySet<string>;
}

interface CatalogueIndex {
  readonly models: ReadonlyMap<string, IndexedModel>;
  readonly maxAge: number;
  /** "WMI VDS year plant" → "year make model", made on the first VIN that fails (to say what it decodes as). */
  decodes?: ReadonlyMap<string, string>;
}

const indexes = new WeakMap<ReferenceData, CatalogueIndex>();

function catalogueIndex(data: ReferenceData): CatalogueIndex {
  let index = indexes.get(data);
  if (!index) {
    const catalogue = loadCatalogue(data);
    const trucks = loadTruckCatalogue(data);
    const models = new Map<string, IndexedModel>();
    // The light-vehicle catalogue and the truck table (Commercial fleets): both built from vPIC and decoded with corgi.
    for (const make of [...catalogue.makes, ...trucks.makes]) {
      for (const model of make.models) {
        const rows = model.vins.map(([first, last, wmis, vds, plants]) => ({ first, last, wmis: wmis.split(' '), vds: vds.split(' '), plants }));
        models.set(`${make.make}|${model.model}`, {
          make: make.make,
          model,
          v01: catalogue.body_styles[model.body_style] ?? trucks.body_styles[model.body_style] ?? null,
          rows,
          wmis: new Set(rows.flatMap((r) => r.wmis)),
        });
      }
    }
    index = { models, maxAge: catalogue.fleet.max_age };
    indexes.set(data, index);
  }
  return index;
}

function catalogueModel(v: Vehicle, ctx: CheckContext): IndexedModel | undefined {
  return catalogueIndex(ctx.data).models.get(`${v.make}|${v.model}`);
}

/** What the catalogue says a VIN decodes to, or null. */
function decodesAs(vin: string, year: number, data: ReferenceData): string | null {
  const index = catalogueIndex(data);
  if (!index.decodes) {
    const decodes = new Map<string, string>();
    for (const m of index.models.values()) {
      for (const r of m.rows) {
        for (let y = r.first; y <= r.last; y++) {
          for (const w of r.wmis) for (const d of r.vds) for (const p of r.plants) decodes.set(`${w}${d}${y}${p}`, `${y} ${m.make} ${m.model.model}`);
        }
      }
    }
    index.decodes = decodes;
  }
  return index.decodes.get(`${vin.slice(0, 8)}${year}${vin[10]}`) ?? null;
}

type VehicleCheck = RecordCheck<Vehicle>;

/** docs/domain-rules.md's VIN and catalogue rules, run by `esdh verify` on every vehicle. */
export const vehicleChecks: readonly VehicleCheck[] = [
  {
    name: 'vehicle.vin_check_digit',
    description: 'VIN has 17 allowed characters and a correct check digit (position 9)',
    test: (v) => (isVinWellFormed(v.vin) ? null : `VIN ${v.vin} has a wrong check digit or characters`),
  },
  {
    name: 'vehicle.vin_year_code',
    description: 'VIN position 10 is the model-year code and position 7 fits its 30-year cycle (a digit for 1980-2009, a letter for 2010-2039)',
    test: (v) => {
      let code: string;
      try {
        code = modelYearCode(v.model_year);
      } catch {
        return `model year ${v.model_year} has no VIN year code (1980-2039)`;
      }
      if (v.vin[9] !== code) return `VIN ${v.vin} position 10 is ${v.vin[9]}, model year ${v.model_year} is ${code}`;
      return position7Fits(v.vin[6]!, v.model_year) ? null : `VIN ${v.vin} position 7 is a ${/[A-Z]/.test(v.vin[6]!) ? 'letter' : 'digit'}, which decodes ${v.model_year} in the wrong 30-year cycle`;
    },
  },
  {
    name: 'vehicle.vin_manufacturer',
    description: 'VIN positions 1-3 are a manufacturer code (WMI) vPIC gives the make and model',
    test: (v, ctx) => {
      const model = catalogueModel(v, ctx);
      return model?.wmis.has(v.vin.slice(0, 3)) ? null : `WMI ${v.vin.slice(0, 3)} is not a ${v.make} ${v.model} code`;
    },
  },
  {
    name: 'vehicle.vin_decodes',
    description: "the VIN decodes in the vPIC-derived catalogue to the record's make, model and model year: WMI (1-3), VDS (4-8), year code (10) and plant (11) of one catalogue row of the model",
    test: (v, ctx) => {
      const model = catalogueModel(v, ctx);
      if (!model) return `${v.make} ${v.model} is not in the catalogue`;
      const wmi = v.vin.slice(0, 3);
      const vds = v.vin.slice(3, 8);
      const plant = v.vin[10]!;
      let yearCode: string | null = null;
      try {
        yearCode = modelYearCode(v.model_year);
      } catch {
        // vehicle.vin_year_code reports it.
      }
      const ok = yearCode === v.vin[9] && model.rows.some((r) => v.model_year >= r.first && v.model_year <= r.last && r.wmis.includes(wmi) && r.vds.includes(vds) && r.plants.includes(plant));
      if (ok) return null;
      const other = decodesAs(v.vin, v.model_year, ctx.data);
      return `VIN ${v.vin} (WMI ${wmi}, VDS ${vds}, plant ${plant}) does not decode to a ${v.model_year} ${v.make} ${v.model}${other ? `: it is a ${other}` : ''}`;
    },
  },
  {
    name: 'vehicle.catalogue',
    description: 'make, model, body style and model year agree with the catalogue; model year from as_of year - 40 to as_of year + 1',
    test: (v, ctx) => {
      const model = catalogueModel(v, ctx);
      if (!model) return `${v.make} ${v.model} is not in the catalogue`;
      const style = model.model.body_style;
      if (v.body_style !== style && v.body_style !== model.v01) return `${v.make} ${v.model} is a ${style}${model.v01 ? ` (v0.1: ${model.v01})` : ''}, not a ${v.body_style}`;
      if (!model.rows.some((r) => v.model_year >= r.first && v.model_year <= r.last)) return `${v.make} ${v.model} was not sold in ${v.model_year}`;
      const asOfYear = Number(ctx.asOf.slice(0, 4));
      if (v.model_year > asOfYear + 1) return `model year ${v.model_year} is after ${ctx.asOf} + 1 year`;
      const maxAge = catalogueIndex(ctx.data).maxAge;
      return v.model_year >= asOfYear - maxAge ? null : `model year ${v.model_year} is more than ${maxAge} years before ${ctx.asOf}`;
    },
  },
  {
    name: 'vehicle.lob_rules',
    description: 'Personal: Sedan/SUV (full list: cars, SUV, Minivan, Pickup, Van), Low/Medium risk; Commercial: SUV/Truck (full list: SUV, Minivan, Pickup, Van), Medium/High risk',
    test: (v) => {
      if (!Object.hasOwn(LOB_RISKS, v.lob_type)) return `unknown lob_type ${v.lob_type}`;
      const lob = v.lob_type as Lob;
      const styles = [...LOB_BODY_STYLES.v01[lob], ...LOB_BODY_STYLES.full[lob]];
      if (!styles.includes(v.body_style)) return `${v.lob_type} owner with a ${v.body_style}`;
      return (LOB_RISKS[lob] as readonly string[]).includes(v.risk_rating) ? null : `${v.lob_type} vehicle rated ${v.risk_rating}`;
    },
  },
  {
    name: 'vehicle.usage',
    description: 'Personal vehicles are used for commute, pleasure, business or farm; Commercial ones for service, retail or commercial',
    test: (v) => {
      if (v.usage === undefined) return null; // records from vehicle < 1.3.0
      const uses = v.lob_type === 'Personal' ? PERSONAL_USES : COMMERCIAL_USES;
      return uses.includes(v.usage) ? null : `a ${v.lob_type} vehicle used for ${v.usage} (accepted: ${uses.join(', ')})`;
    },
  },
  {
    name: 'vehicle.commercial_class',
    description: 'a book Commercial vehicle carries vehicle_class, gvwr_lbs and radius_class that agree (size class by GVWR: light up to 10,000 lb, medium to 20,000, heavy to 45,000, extra-heavy over); Personal and v0.1 vehicles carry none',
    test: (v) => {
      if (v.vehicle_class === undefined) return null; // records from vehicle < 1.3.0
      if (v.lob_type === 'Commercial' && v.account_id !== null) return commercialClassProblem(v);
      return v.vehicle_class === null && v.gvwr_lbs === null && v.radius_class === null ? null : `a ${v.account_id === null ? 'v0.1' : 'Personal'} vehicle with vehicle_class ${v.vehicle_class}, gvwr_lbs ${v.gvwr_lbs}, radius_class ${v.radius_class}`;
    },
  },
];

const PERSONAL_USES: readonly string[] = ['commute', 'pleasure', 'business', 'farm'];
const COMMERCIAL_USES: readonly string[] = ['service', 'retail', 'commercial'];
