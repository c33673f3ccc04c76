/**
 * The SQLite exporter (`--format sqlite`): one database file
 * (`snapshot_v0_1.db`) per snapshot with a table per entity (DDL from the
 * schemas and the plugins' keys, see ../sql), foreign keys and their
 * indexes, and a `_manifest` table of the dataset's facts. Records reach it
 * in the main thread (no encoder). Its bytes depend only on the rows and
 * their order, so sharded-and-merged and `--workers N` runs give the same file.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { type Artifact, dataFileName, esdhError, type Exporter, type ExportSink, type ExportTarget, type MergeInput, type MergeOutput, type SnapshotContext } from '../../../engine/kit.js';
import { ddl, type SqlDialect } from '../sql/index.js';
import { createSchema, digestOf, finish, Inserter, MANIFEST_TABLE, openBuild, openDatabase } from './sqlite-database.js';
import { readSqlite } from './sqlite-reader.js';

/** The role of the database file in the manifest. */
export const SQLITE_ROLE = 'snapshot_sqlite';

function fileOf(target: Pick<ExportTarget, 'fileSuffix'>): string {
  return dataFileName('snapshot', target, 'db');
}

function buildName(file: string): string {
  return `.${file}.build`;
}

async function open(target: ExportTarget): Promise<ExportSink> {
  const file = fileOf(target);
  const finalPath = join(target.dir, file);
  const buildPath = join(target.dir, buildName(file));
  const db = await openBuild(buildPath);
  createSchema(db, target.entities);
  const inserter = new Inserter(db, target.entities);
  let records = 0;
  return {
    write(batch) {
      inserter.insert(batch);
      for (const list of Object.values(batch)) records += list.length;
      return Promise.resolve();
    },
    async close(facts): Promise<Artifact[]> {
      await finish(db, buildPath, facts, finalPath);
      return [{ file, role: SQLITE_ROLE, format: 'sqlite', records, ...(await digestOf(finalPath)) }];
    },
    async abort() {
      if (db.open) db.close();
      await rm(buildPath, { force: true });
    },
  };
}

/** Copy each input to a temporary file (reading it through checks it), then rebuild the database from the shards' rows in shard order. */
async function merge(inputs: readonly MergeInput[], out: MergeOutput, ctx: SnapshotContext): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'esdh-sqlite-merge-'));
  try {
    const copies: string[] = [];
    for (const [i, input] of inputs.entries()) {
      const path = join(work, `shard-${i}.db`);
      await pipeline(Readable.from(input.bytes()), createWriteStream(path));
      copies.push(path);
    }
    const buildPath = join(work, 'build.db');
    const finalPath = join(work, 'merged.db');
    const db = await openBuild(buildPath);
    let schema: string[] | undefined;
    for (const [i, path] of copies.entries()) {
      const input = inputs[i]!;
      let shard: Database.Database;
      try {
        shard = await openDatabase(path, { readonly: true, fileMustExist: true });
        const statements = shard.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").pluck().all() as string[];
        shard.close();
        if (schema === undefined) {
          schema = statements;
          db.exec(schema.join(';\n'));
        } else if (statements.join('\n') !== schema.join('\n')) {
          throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} has other tables than the first shard's`);
        }
      } catch (error) {
        if (db.open) db.close();
        if ((error as { code?: string }).code === 'ESDH_ERR_SHARD_INVALID') throw error;
        throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} is not a readable SQLite database (${(error as Error).message})`);
      }
      db.prepare('ATTACH DATABASE ? AS shard').run(path);
      db.transaction(() => {
        for (const table of ctx.entities.map((e) => e.plural)) db.exec(`INSERT INTO main."${table.replace(/"/g, '""')}" SELECT * FROM shard."${table.replace(/"/g, '""')}" ORDER BY rowid`);
      })();
      db.exec('DETACH DATABASE shard');
    }
    db.exec(`DELETE FROM "${MANIFEST_TABLE}"`);
    await finish(db, buildPath, ctx.facts, finalPath);
    const { createReadStream } = await import('node:fs');
    for await (const chunk of createReadStream(finalPath)) {
      const pending = out.write(chunk as Buffer);
      if (pending) await pending;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The SQLite exporter object: the Exporter hooks, plus `ddl` for `esdh ddl`. */
export interface SqliteExporter extends Exporter {
  /** The DDL these entities get, in a dialect (`sqlite` as this exporter writes it, or `postgres`). */
  ddl(entities: Parameters<typeof ddl>[0], dialect: SqlDialect): string;
}

export const sqliteExporter: SqliteExporter = {
  name: 'sqlite',
  description: 'One SQLite database: a table per entity, keys, indexes, _manifest',
  readFidelity: 'schema',
  expectedArtifacts: (target) => [{ file: fileOf(target), role: SQLITE_ROLE }],
  open,
  read: (file, ctx) => readSqlite(file, ctx),
  merge,
  describe: (artifact, ctx) => `${artifact.records} records of ${ctx.entities.map((e) => e.plural).join(', ')}; SQLite database, a table per entity, keys and foreign keys, \`_manifest\` table`,
  ddl,
};
