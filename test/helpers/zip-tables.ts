/** The per-state ZIP tables, data/reference/address/zips/<STATE>.json, by USPS code. */
import { readPackageJson } from './package-root.js';

export interface ZipTable {
  cities: string[];
  area_codes: string[][];
  /** [zip, city index, 2020 residents, area-code region index] */
  zips: [string, number, number, number][];
}

export function readZipTables(): Record<string, ZipTable> {
  const states = readPackageJson<{ code: string }[]>('data/reference/address/states.json');
  return Object.fromEntries(states.map((s) => [s.code, readPackageJson<ZipTable>(`data/reference/address/zips/${s.code}.json`)]));
}
