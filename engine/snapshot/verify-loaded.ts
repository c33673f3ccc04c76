/**
 * Whether a target holds exactly a snapshot's records: per entity the row
 * count and the order-independent checksum (record-set-digest.ts) of the
 * rows read back from the target against the snapshot's records. When a
 * checksum differs and the entity has a primary key, a second pass names the
 * first row that differs, and in which field.
 */
import { resolve } from 'node:path';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import type { ExportEntity } from '../contracts/exporter.js';
import type { TargetLocation, TargetReadback } from '../contracts/target.js';
import { redactUrl } from '../lib/redact-url.js';
import { canonicalValue, firstDifference } from './canonical-record.js';
import { checkedTarget, snapshotExportEntities, type TargetNeeds } from './load-into-target.js';
import { openSnapshotWith, type OpenedSnapshot } from './open-snapshot.js';
import { RecordSetDigest, recordDigest } from './record-set-digest.js';

/** Count and checksum of one side. */
export interface TableDigest {
  readonly rows: number;
  /** RecordSetDigest: the sum of the records' SHA-256 modulo 2^256, 64 hex digits. */
  readonly checksum: string;
}

/** One entity's table against the snapshot's records. */
export interface LoadedTableReport {
  readonly entity: string;
  readonly plural: string;
  /** The table, as the target names it. */
  readonly table: string;
  readonly snapshot: TableDigest;
  /** Null when the table does not exist. */
  readonly database: TableDigest | null;
  /** What differs, or null when count and checksum are equal. */
  readonly problem: string | null;
}

/** What `engine.verifyLoaded` found. */
export interface LoadedReport {
  readonly dir: string;
  /** The URL with its password hidden. */
  readonly target: string;
  /** The namespace read (the target's default when none was given). */
  readonly namespace: string;
  readonly ok: boolean;
  readonly tables: readonly LoadedTableReport[];
}

/** Tables up to this many rows get the second pass that names the differing row (it holds one key and digest per row). */
const LOCATE_LIMIT = 2_000_000;

async function digestOf(records: AsyncIterable<EntityRecord>, fields: readonly string[]): Promise<TableDigest> {
  const digest = new RecordSetDigest(fields);
  for await (const record of records) digest.add(record);
  return { rows: digest.count, checksum: digest.hex() };
}

/**
 * Compare a target's tables with a snapshot. The snapshot's files are checked
 * against its manifest (sizes and sha256) first; its records then stream
 * from the best copy of each entity.
 */
export async function verifyLoaded(dir: string, location: TargetLocation, needs: TargetNeeds): Promise<LoadedReport> {
  const target = checkedTarget(location, needs.targets);
  const folder = resolve(dir);
  const snapshot = await openSnapshotWith(needs.snapshot, folder, { verify: 'checksums' });
  const entities = snapshotExportEntities(snapshot, needs);
  const readback = await target.open(location);
  const tables: LoadedTableReport[] = [];
  try {
    for (const entity of entities) {
      const where = readback.where(entity);
      const mine = await digestOf(snapshot.records(entity.name), entity.fields);
      if (!(await readback.has(entity))) {
        tables.push({ entity: entity.name, plural: entity.plural, table: where, snapshot: mine, database: null, problem: `${where} does not exist (the snapshot has ${mine.rows} ${entity.plural})` });
        continue;
      }
      const theirs = await digestOf(readback.records(entity), entity.fields);
      let problem: string | null = null;
      if (theirs.rows !== mine.rows) problem = `${where} has ${theirs.rows} rows, the snapshot has ${mine.rows} ${entity.plural}`;
      else if (theirs.checksum !== mine.checksum) problem = `${where} differs from the snapshot's ${entity.plural}: checksum ${theirs.checksum.slice(0, 16)}…, the snapshot's ${mine.checksum.slice(0, 16)}… (same ${mine.rows} rows)`;
      if (problem && entity.idField && theirs.rows <= LOCATE_LIMIT && mine.rows <= LOCATE_LIMIT) {
        const located = await locate(entity, snapshot, readback);
        if (located) problem += `; ${located}`;
      }
      tables.push({ entity: entity.name, plural: entity.plural, table: where, snapshot: mine, database: theirs, problem });
    }
  } finally {
    await readback.close();
  }
  return {
    dir: folder,
    target: redactUrl(location.url),
    namespace: readback.namespace,
    ok: tables.every((t) => t.problem === null),
    tables,
  };
}

/** The first row (by the snapshot's order) that differs or is missing, else the first extra row: by primary key, with the field that differs. */
async function locate(entity: ExportEntity, snapshot: OpenedSnapshot, readback: TargetReadback): Promise<string | null> {
  const id = entity.idField!;
  const stored = new Map<string, string>();
  for await (const record of readback.records(entity)) stored.set(canonicalValue(record[id]), recordDigest(record, entity.fields));
  for await (const record of snapshot.records(entity.name)) {
    const key = canonicalValue(record[id]);
    const digest = stored.get(key);
    if (digest === undefined) return `the first missing row is ${id} ${key}`;
    if (digest !== recordDigest(record, entity.fields)) {
      for await (const row of readback.records(entity)) {
        if (canonicalValue(row[id]) !== key) continue;
        const difference = firstDifference(record, row, entity.fields);
        return `the first row that differs is ${id} ${key}${difference ? `: ${difference.field} is ${difference.b} in the database, ${difference.a} in the snapshot` : ''}`;
      }
    }
    stored.delete(key);
  }
  const extra = stored.keys().next();
  return extra.done ? null : `the first row not in the snapshot is ${id} ${extra.value}`;
}
