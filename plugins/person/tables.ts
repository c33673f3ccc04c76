import { cumulativeWeights, type Person, type ReferenceData } from '../../engine/kit.js';
import { loadNameTables, type NameTables } from './names.js';

/** One ZIP of a state: its city and the area codes of its area-code region. */
export interface Residence {
  readonly zip: string;
  readonly city: string;
  readonly areaCodes: readonly string[];
}

/** One state's generation tables. */
export interface StateTable {
  readonly code: Person['state'];
  readonly name: string;
  /** Resident population (2020 Census): the state's weight when a list or `all` is asked for. */
  readonly population: number;
  readonly licenceTemplate: string;
  readonly licencePattern: RegExp;
  /** Every area code in service in the state (NANPA). */
  readonly areaCodes: readonly string[];
  /** Three-digit ZIP prefix ranges, from the state's ZIPs. */
  readonly zipPrefixes: readonly (readonly [number, number])[];
  /** Every ZIP of the state, by ZIP (also ZIPs without residents, which are never drawn). */
  readonly zips: readonly Residence[];
  /** The ZIPs with residents, and their cumulative 2020 populations (parallel arrays). */
  readonly populated: readonly Residence[];
  readonly populationWeights: readonly number[];
}

/** Everything the person plugin draws from, loaded once per run. */
export interface PersonTables {
  readonly names: NameTables;
  readonly streetNames: readonly string[];
  readonly streetSuffixes: readonly string[];
  readonly unitPrefixes: readonly string[];
  /** The 50 states and DC, in the order of data/reference/address/states.json. */
  readonly states: readonly StateTable[];
}

interface StateEntry {
  code: Person['state'];
  name: string;
  weight: number;
  area_codes: string[];
  licence: { template: string; pattern: string };
  zip_prefixes: string[];
}

/** data/reference/address/zips/<STATE>.json: rows are [zip, city index, population, area-code region index]. */
interface ZipEntry {
  cities: string[];
  area_codes: string[][];
  zips: [string, number, number, number][];
}

const cache = new WeakMap<ReferenceData, PersonTables>();

/** Read the person reference lists (data/reference/person, address), once per reference-data source. */
export function loadPersonTables(data: ReferenceData): PersonTables {
  let tables = cache.get(data);
  if (!tables) {
    tables = {
      names: loadNameTables(data),
      streetNames: data.get<string[]>('address.streets.names'),
      streetSuffixes: data.get<string[]>('address.streets.suffixes'),
      unitPrefixes: data.get<string[]>('address.streets.unit_prefixes'),
      states: data.get<StateEntry[]>('address.states').map((s) => new LazyStateTable(s, () => data.get<ZipEntry>(`address.zips.${s.code}`))),
    };
    cache.set(data, tables);
  }
  return tables;
}

/** A state's table whose ZIP rows are built when first asked for: a run of five states builds five, not 51. */
class LazyStateTable implements StateTable {
  readonly code: Person['state'];
  readonly name: string;
  readonly population: number;
  readonly licenceTemplate: string;
  readonly licencePattern: RegExp;
  readonly areaCodes: readonly string[];
  readonly zipPrefixes: readonly (readonly [number, number])[];
  private rows?: { zips: Residence[]; populated: Residence[]; populationWeights: number[] };

  constructor(s: StateEntry, private readonly zipEntry: () => ZipEntry) {
    this.code = s.code;
    this.name = s.name;
    this.population = s.weight;
    this.licenceTemplate = s.licence.template;
    this.licencePattern = new RegExp(s.licence.pattern);
    this.areaCodes = s.area_codes;
    this.zipPrefixes = s.zip_prefixes.map((range) => {
      const [from, to = from] = range.split('-').map(Number) as [number, number?];
      return [from, to] as const;
    });
  }

  get zips(): readonly Residence[] {
    return this.built().zips;
  }

  get populated(): readonly Residence[] {
    return this.built().populated;
  }

  get populationWeights(): readonly number[] {
    return this.built().populationWeights;
  }

  private built(): NonNullable<LazyStateTable['rows']> {
    if (!this.rows) {
      const z = this.zipEntry();
      const regions = z.area_codes.map((codes) => Object.freeze([...codes]));
      const zips: Residence[] = [];
      const populated: Residence[] = [];
      const populations: number[] = [];
      for (const [zip, city, population, region] of z.zips) {
        const residence = { zip, city: z.cities[city]!, areaCodes: regions[region]! };
        zips.push(residence);
        if (population > 0) {
          populated.push(residence);
          populations.push(population);
        }
      }
      this.rows = { zips, populated, populationWeights: cumulativeWeights(populations) };
    }
    return this.rows;
  }
}
