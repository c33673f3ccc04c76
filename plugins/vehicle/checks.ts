import type { CheckContext, RecordCheck, ReferenceData, Vehicle } from '../../engine/kit.js';
import { loadCatalogue, type CatalogueModel } from './catalogue.js';
import { isVinWellFormed, modelYearCode } from './vin.js';

const models = new WeakMap<ReferenceData, ReadonlyMap<string, CatalogueModel>>();

function catalogueModel(v: Vehicle, ctx: CheckContext): CatalogueModel | undefined {
  let index = models.get(ctx.data);
  if (!index) {
    index = new Map(loadCatalogue(ctx.data).flatMap((make) => make.models.map((m) => [`${make.make}|${m.model}`, m] as const)));
    models.set(ctx.data, index);
  }
  return index.get(`${v.make}|${v.model}`);
}

const LOB_RULES: Readonly<Record<string, { bodyStyles: readonly string[]; risks: readonly string[] }>> = {
  Personal: { bodyStyles: ['Sedan', 'SUV'], risks: ['Low', 'Medium'] },
  Commercial: { bodyStyles: ['SUV', 'Truck'], risks: ['Medium', 'High'] },
};

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
    description: 'VIN position 10 is the model-year code and position 7 fits its 30-year cycle',
    test: (v) => {
      let code: string;
      try {
        code = modelYearCode(v.model_year);
      } catch {
        return `model year ${v.model_year} has no VIN year code`;
      }
      if (v.vin[9] !== code) return `VIN ${v.vin} position 10 is ${v.vin[9]}, model year ${v.model_year} is ${code}`;
      const letterAt7 = /[A-Z]/.test(v.vin[6]!);
      return letterAt7 === v.model_year >= 2010 ? null : `VIN ${v.vin} position 7 is a ${letterAt7 ? 'letter' : 'digit'}, which decodes ${v.model_year} in the wrong 30-year cycle`;
    },
  },
  {
    name: 'vehicle.vin_manufacturer',
    description: "VIN positions 1-3 are a manufacturer code of the make and body style",
    test: (v, ctx) => {
      const model = catalogueModel(v, ctx);
      return model?.wmi.includes(v.vin.slice(0, 3)) ? null : `WMI ${v.vin.slice(0, 3)} is not a ${v.make} ${v.model} code`;
    },
  },
  {
    name: 'vehicle.catalogue',
    description: 'make, model, body style and model year agree with the catalogue; model year at most as_of year + 1',
    test: (v, ctx) => {
      const model = catalogueModel(v, ctx);
      if (!model) return `${v.make} ${v.model} is not in the catalogue`;
      if (model.body_style !== v.body_style) return `${v.make} ${v.model} is a ${model.body_style}, not a ${v.body_style}`;
      if (v.model_year < model.years[0] || v.model_year > model.years[1]) return `${v.make} ${v.model} was not sold in ${v.model_year}`;
      return v.model_year <= Number(ctx.asOf.slice(0, 4)) + 1 ? null : `model year ${v.model_year} is after ${ctx.asOf} + 1 year`;
    },
  },
  {
    name: 'vehicle.lob_rules',
    description: 'Personal: Sedan/SUV, Low/Medium risk; Commercial: SUV/Truck, Medium/High risk',
    test: (v) => {
      const rules = LOB_RULES[v.lob_type];
      if (!rules) return `unknown lob_type ${v.lob_type}`;
      if (!rules.bodyStyles.includes(v.body_style)) return `${v.lob_type} owner with a ${v.body_style}`;
      return rules.risks.includes(v.risk_rating) ? null : `${v.lob_type} vehicle rated ${v.risk_rating}`;
    },
  },
];
