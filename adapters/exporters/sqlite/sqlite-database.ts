/**
 * Building the SQLite file: a build database (tables from the DDL, rows
 * inserted in unit order inside transactions, foreign keys on), then
 * `_manifest` and `VACUUM INTO` the final file, so the bytes depend only on
 * the rows and their order (not on how many transactions made them).
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type DatasetFacts, type EntityRecord, esdhError, type ExportEntity } from '../../../engine/kit.js';
import { columnKind, ddlStatements, dependencyOrder, quoteIdent, tableName } from '../sql/index.js';

/** The fixed page size of every file this exporter writes. */
export const PAGE_SIZE = 4096;
/** The table of data-only facts (no wall-clock time). */
export const MANIFEST_TABLE = '_manifest';

type Db = Database.Database;

/**
 * A database file through better-sqlite3, which loads here on first use
 * rather than with the CLI: commands that never touch SQLite do not pay for it.
 */
export async function openDatabase(path: string, options?: Database.Options): Promise<Db> {
  const { default: Driver } = await import('better-sqlite3');
  return new Driver(path, options);
}

/** Open a build database with the fixed settings: page size, no journal, foreign keys on. */
export async function openBuild(path: string): Promise<Db> {
  const db = await openDatabase(path);
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Create the entity tables (dependency order), their foreign-key indexes and the empty `_manifest`. */
export function createSchema(db: Db, entities: readonly ExportEntity[]): void {
  db.exec(ddlStatements(entities, 'sqlite').join('\n'));
  db.exec(`CREATE TABLE ${quoteIdent(MANIFEST_TABLE)} ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);`);
}

/** A cell as SQLite stores it: 0/1 for booleans, JSON text for objects and arrays, NULL for absent. */
function cell(value: unknown, kind: ReturnType<typeof columnKind>): unknown {
  if (value === undefined || value === null) return null;
  if (kind === 'boolean' && typeof value === 'boolean') return value ? 1 : 0;
  if (kind === 'json' || typeof value === 'object' || typeof value === 'boolean') return JSON.stringify(value);
  return value;
}

/** Prepared inserts per entity, in dependency order. */
export class Inserter {
  private readonly tables: { entity: ExportEntity; kinds: ReturnType<typeof columnKind>[]; insert: Database.Statement }[];
  private readonly batch: (records: Readonly<Record<string, readonly EntityRecord[]>>) => void;

  constructor(db: Db, entities: readonly ExportEntity[]) {
    this.tables = dependencyOrder(entities).map((entity) => ({
      entity,
      kinds: entity.fields.map((f) => columnKind(entity, f)),
      insert: db.prepare(`INSERT INTO ${quoteIdent(tableName(entity))} (${entity.fields.map(quoteIdent).join(', ')}) VALUES (${entity.fields.map(() => '?').join(', ')})`),
    }));
    this.batch = db.transaction((records: Readonly<Record<string, readonly EntityRecord[]>>) => {
      for (const t of this.tables) {
        for (const record of records[t.entity.name] ?? []) {
          try {
            t.insert.run(t.entity.fields.map((f, i) => cell(record[f], t.kinds[i]!)));
          } catch (error) {
            // A record the table's keys or constraints refuse (e.g. a plugin's broken reference): say whose record, not SQLite's bare text.
            const code = (error as { code?: unknown }).code;
            if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) throw esdhError('ESDH_ERR_RECORD_REJECTED', 'sqlite', t.entity.name, (error as Error).message);
            throw error;
          }
        }
      }
    });
  }

  /** Insert one batch in one transaction. */
  insert(records: Readonly<Record<string, readonly EntityRecord[]>>): void {
    this.batch(records);
  }
}

/** The `_manifest` rows: data-only facts, in a fixed order. */
export function manifestRows(facts: DatasetFacts): [string, string][] {
  return [
    ['dataset_version', facts.datasetVersion],
    ['seed', String(facts.seed)],
    ['as_of', facts.asOf],
    ['synthetic_source', facts.marker],
    ...Object.entries(facts.counts).map(([plural, n]): [string, string] => [`count.${plural}`, String(n)]),
  ];
}

/**
 * Write `_manifest`, compact the build database into `finalPath` (VACUUM
 * INTO: a fresh file, no journal), close and remove the build file.
 */
export async function finish(db: Db, buildPath: string, facts: DatasetFacts, finalPath: string): Promise<void> {
  const insert = db.prepare(`INSERT INTO ${quoteIdent(MANIFEST_TABLE)} ("key", "value") VALUES (?, ?)`);
  db.transaction(() => {
    for (const row of manifestRows(facts)) insert.run(row);
  })();
  db.prepare('VACUUM INTO ?').run(finalPath);
  db.close();
  await rm(buildPath, { force: true });
}

/** Size and sha256 of a file. */
export async function digestOf(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}
