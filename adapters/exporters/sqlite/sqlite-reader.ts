/** Reading a SQLite snapshot file back: rows as records (types restored from the schema), and the file's own checks. */
import type { ArtifactFile, EntityRecord, ReadItem, SnapshotContext } from '../../../engine/kit.js';
import { columnKind, quoteIdent, tableName } from '../sql/index.js';
import { MANIFEST_TABLE, manifestRows, openDatabase } from './sqlite-database.js';

function typesOf(schema: object, field: string): string[] {
  const property = ((schema as { properties?: Record<string, { type?: string | string[] }> }).properties ?? {})[field] ?? {};
  return Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
}

/** Records entity by entity in generation order, each in rowid (unit) order; then checks: integrity, foreign keys, `_manifest`. */
export async function* readSqlite(file: ArtifactFile, ctx: SnapshotContext): AsyncGenerator<ReadItem> {
  const db = await openDatabase(file.path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    yield { kind: 'check', rule: 'sqlite.integrity', description: 'PRAGMA integrity_check is ok', problem: integrity === 'ok' ? null : `integrity_check: ${String(integrity)}`, line: 0 };
    const fk = db.pragma('foreign_key_check') as unknown[];
    yield { kind: 'check', rule: 'sqlite.foreign_keys', description: 'PRAGMA foreign_key_check finds no broken reference', problem: fk.length === 0 ? null : `${fk.length} rows break a foreign key`, line: 0 };
    const stored = Object.fromEntries(db.prepare(`SELECT "key", "value" FROM ${quoteIdent(MANIFEST_TABLE)}`).raw().all() as [string, string][]);
    const expected = Object.fromEntries(manifestRows(ctx.facts));
    const differing = Object.keys({ ...stored, ...expected }).filter((k) => stored[k] !== expected[k]);
    yield { kind: 'check', rule: 'sqlite.manifest', description: 'the _manifest table holds the dataset facts of the snapshot manifest', problem: differing.length === 0 ? null : `_manifest differs in ${differing.join(', ')}`, line: 0 };
    for (const entity of ctx.entities) {
      const kinds = entity.fields.map((f) => columnKind(entity, f));
      const nullable = entity.fields.map((f) => typesOf(entity.schema, f).includes('null'));
      const select = db.prepare(`SELECT rowid, ${entity.fields.map(quoteIdent).join(', ')} FROM ${quoteIdent(tableName(entity))} ORDER BY rowid`).raw();
      for (const row of select.iterate() as Iterable<unknown[]>) {
        const record: EntityRecord = {};
        entity.fields.forEach((field, i) => {
          const value = row[i + 1];
          if (value === null) {
            if (nullable[i]) record[field] = null;
            return;
          }
          const kind = kinds[i];
          record[field] = kind === 'boolean' ? value === 1 : kind === 'json' ? JSON.parse(String(value)) : value;
        });
        yield { kind: 'record', entity: entity.name, record, line: Number(row[0]) };
      }
    }
  } finally {
    db.close();
  }
}
