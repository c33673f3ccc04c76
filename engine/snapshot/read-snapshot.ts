import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'fast-csv';
import { esdhError } from '../contracts/errors.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import type { JsonSchema } from '../schema/schema-registry.js';

/** A record read back from a file, with where it came from. */
export interface LocatedRecord {
  readonly entity: string;
  readonly record: EntityRecord;
  /** 1-based line in the file. */
  readonly line: number;
}

/** Read and parse the snapshot's manifest; ESDH_ERR_SNAPSHOT_UNREADABLE when absent or broken. */
export function readManifest(dir: string): { manifest: SnapshotManifest; file: string } {
  if (!existsSync(dir)) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no such folder');
  const file = readdirSync(dir).find((f) => /^snapshot_manifest_.*\.json$/.test(f));
  if (!file) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no snapshot_manifest_*.json in it (was it written by esdh run?)');
  try {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SnapshotManifest;
    if (!Array.isArray(manifest.artifacts) || !Array.isArray(manifest.entities)) throw new Error('artifacts or entities missing');
    return { manifest, file };
  } catch (error) {
    throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, `${file} is not a valid manifest: ${(error as Error).message}`);
  }
}

/** Records of one NDJSON file, in order. */
export async function* readNdjson(path: string, entity: string): AsyncGenerator<LocatedRecord> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (text.length === 0) continue;
    yield { entity, record: JSON.parse(text) as EntityRecord, line };
  }
}

/**
 * Records of the dataset bundle (`{metadata, persons: [...], ...}` as the json
 * exporter lays it out: one record per line), without holding the file in memory.
 */
export async function* readDatasetJson(path: string, entityOfPlural: ReadonlyMap<string, string>): AsyncGenerator<LocatedRecord> {
  let line = 0;
  let entity: string | undefined;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    const list = /^"([a-z0-9_]+)": \[\]?$/.exec(text);
    if (list) {
      entity = entityOfPlural.get(list[1]!);
      continue;
    }
    if (text.startsWith('{"') && entity) {
      yield { entity, record: JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text) as EntityRecord, line };
    }
  }
}

/** Records of one CSV file, cells turned back into the schema's types. */
export async function* readCsv(path: string, entity: string, schema: JsonSchema): AsyncGenerator<LocatedRecord & { header?: string[] }> {
  const properties = (schema.properties ?? {}) as Record<string, { type?: string | string[] }>;
  const stream = createReadStream(path).pipe(parse({ headers: false, ignoreEmpty: true }));
  let header: string[] | undefined;
  let line = 0;
  for await (const row of stream as AsyncIterable<string[]>) {
    line++;
    if (!header) {
      header = row;
      yield { entity, record: {}, line, header };
      continue;
    }
    const record: EntityRecord = {};
    for (let i = 0; i < header.length; i++) record[header[i]!] = fromCell(row[i] ?? '', properties[header[i]!]?.type);
    yield { entity, record, line };
  }
}

function fromCell(cell: string, type: string | string[] | undefined): unknown {
  const types = Array.isArray(type) ? type : type ? [type] : ['string'];
  if (cell === '' && types.includes('null')) return null;
  if ((types.includes('integer') || types.includes('number')) && cell !== '' && !Number.isNaN(Number(cell))) return Number(cell);
  if (types.includes('boolean') && (cell === 'true' || cell === 'false')) return cell === 'true';
  if ((types.includes('object') || types.includes('array')) && cell !== '') {
    try {
      return JSON.parse(cell);
    } catch {
      return cell;
    }
  }
  return cell;
}
