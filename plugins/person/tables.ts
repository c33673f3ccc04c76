import { cumulativeWeights, type Person, type ReferenceData } from '../../engine/kit.js';
import { loadNameTables, type NameTables } from './names.js';

/** One state's generation tables. */
export interface StateTable {
  readonly code: Person['driver_license_state'];
  readonly licenceTemplate: string;
  readonly licencePattern: RegExp;
  readonly areaCodes: readonly string[];
  readonly zips: readonly (readonly [string, string])[];
}

/** Everything the person plugin draws from, loaded once per run. */
export interface PersonTables {
  readonly names: NameTables;
  readonly streetNames: readonly string[];
  readonly streetSuffixes: readonly string[];
  readonly unitPrefixes: readonly string[];
  readonly states: readonly StateTable[];
  /** Cumulative population weights, parallel to `states`. */
  readonly stateWeights: readonly number[];
}

interface StateEntry {
  code: Person['driver_license_state'];
  weight: number;
  area_codes: string[];
  licence: { template: string; pattern: string };
}

/** Read the person reference lists (data/reference/person, address). */
export function loadPersonTables(data: ReferenceData): PersonTables {
  const states = data.get<StateEntry[]>('address.states');
  return {
    names: loadNameTables(data),
    streetNames: data.get<string[]>('address.streets.names'),
    streetSuffixes: data.get<string[]>('address.streets.suffixes'),
    unitPrefixes: data.get<string[]>('address.streets.unit_prefixes'),
    states: states.map((s) => ({
      code: s.code,
      licenceTemplate: s.licence.template,
      licencePattern: new RegExp(s.licence.pattern),
      areaCodes: s.area_codes,
      zips: data.get<[string, string][]>(`address.zips.${s.code}`),
    })),
    stateWeights: cumulativeWeights(states.map((s) => s.weight)),
  };
}
