/**
 * SQL DDL from an entity's JSON Schema and its plugin's keys: one CREATE
 * TABLE per entity (dependencies first), then an index per foreign-key
 * column. Shared by the SQLite exporter and any other SQL sink.
 */
import type { ExportEntity } from '../../../engine/kit.js';

/** The SQL dialects the builder writes. */
export const SQL_DIALECTS = ['sqlite', 'postgres'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

/** How a column's values are stored: as they are, 0/1 for booleans, or JSON text. */
export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json';

interface PropertySchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
}

/** A double-quoted identifier (embedded quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
function literal(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replace(/'/g, "''")}'`;
}

function propertyOf(entity: ExportEntity, field: string): PropertySchema {
  const properties = (entity.schema.properties ?? {}) as Record<string, PropertySchema>;
  return properties[field] ?? {};
}

/** Whether the field's schema type admits null. */
export function allowsNull(entity: ExportEntity, field: string): boolean {
  const type = propertyOf(entity, field).type;
  return Array.isArray(type) ? type.includes('null') : type === 'null';
}

/** The storage kind of a field, from its schema type (null aside); anything but one scalar type is JSON. */
export function columnKind(entity: ExportEntity, field: string): ColumnKind {
  const property = propertyOf(entity, field);
  const types = (Array.isArray(property.type) ? property.type : property.type ? [property.type] : []).filter((t) => t !== 'null');
  if (types.length !== 1) return 'json';
  switch (types[0]) {
    case 'string': return 'text';
    case 'integer': return 'integer';
    case 'number': return 'real';
    case 'boolean': return 'boolean';
    default: return 'json';
  }
}

function columnType(entity: ExportEntity, field: string, dialect: SqlDialect): string {
  const kind = columnKind(entity, field);
  const pg = dialect === 'postgres';
  switch (kind) {
    case 'text': return pg && propertyOf(entity, field).format === 'date' ? 'DATE' : 'TEXT';
    case 'integer': return pg ? 'BIGINT' : 'INTEGER';
    case 'real': return pg ? 'DOUBLE PRECISION' : 'REAL';
    case 'boolean': return pg ? 'BOOLEAN' : 'INTEGER';
    case 'json': return pg ? 'JSONB' : 'TEXT';
  }
}

/** Table name of an entity: its plural. */
export function tableName(entity: Pick<ExportEntity, 'plural'>): string {
  return entity.plural;
}

/** The entities ordered so every table comes after the tables it depends on or references (stable otherwise). */
export function dependencyOrder(entities: readonly ExportEntity[]): ExportEntity[] {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const done = new Set<string>();
  const out: ExportEntity[] = [];
  const visit = (entity: ExportEntity, path: readonly string[]): void => {
    if (done.has(entity.name) || path.includes(entity.name)) return;
    const needs = [...(entity.dependencies ?? []), ...Object.values(entity.references ?? {}).map((target) => target.split('.')[0]!)];
    for (const name of needs) {
      const dep = byName.get(name);
      if (dep && dep !== entity) visit(dep, [...path, entity.name]);
    }
    done.add(entity.name);
    out.push(entity);
  };
  for (const entity of entities) visit(entity, []);
  return out;
}

/** The foreign keys of an entity whose target table is among `entities`: column, target table, target column. */
export function foreignKeys(entity: ExportEntity, entities: readonly ExportEntity[]): { column: string; table: string; field: string }[] {
  const keys: { column: string; table: string; field: string }[] = [];
  for (const [column, target] of Object.entries(entity.references ?? {})) {
    const [name, field] = target.split('.');
    const other = entities.find((e) => e.name === name);
    if (other && field && entity.fields.includes(column)) keys.push({ column, table: tableName(other), field });
  }
  return keys;
}

/** CREATE TABLE for one entity. */
export function createTable(entity: ExportEntity, entities: readonly ExportEntity[], dialect: SqlDialect): string {
  const required = new Set((entity.schema.required ?? []) as string[]);
  const lines = entity.fields.map((field) => {
    const parts = [quoteIdent(field), columnType(entity, field, dialect)];
    if (required.has(field) && !allowsNull(entity, field)) parts.push('NOT NULL');
    const values = propertyOf(entity, field).enum;
    const kind = columnKind(entity, field);
    if (Array.isArray(values) && values.length > 0 && kind !== 'json') {
      const listed = values.filter((v) => v !== null);
      parts.push(`CHECK (${quoteIdent(field)} IN (${listed.map((v) => (kind === 'boolean' && dialect === 'postgres' ? String(v).toUpperCase() : literal(v))).join(', ')}))`);
    } else if (kind === 'boolean' && dialect === 'sqlite') {
      parts.push(`CHECK (${quoteIdent(field)} IN (0, 1))`);
    }
    return '  ' + parts.join(' ');
  });
  if (entity.idField && entity.fields.includes(entity.idField)) lines.push(`  PRIMARY KEY (${quoteIdent(entity.idField)})`);
  for (const field of entity.uniqueFields ?? []) if (entity.fields.includes(field)) lines.push(`  UNIQUE (${quoteIdent(field)})`);
  for (const key of foreignKeys(entity, entities)) lines.push(`  FOREIGN KEY (${quoteIdent(key.column)}) REFERENCES ${quoteIdent(key.table)} (${quoteIdent(key.field)})`);
  return `CREATE TABLE ${quoteIdent(tableName(entity))} (\n${lines.join(',\n')}\n);`;
}

/** CREATE INDEX on each foreign-key column of an entity. */
export function createIndexes(entity: ExportEntity, entities: readonly ExportEntity[]): string[] {
  return foreignKeys(entity, entities).map((key) => `CREATE INDEX ${quoteIdent(`${tableName(entity)}_${key.column}_idx`)} ON ${quoteIdent(tableName(entity))} (${quoteIdent(key.column)});`);
}

/** The statements for these entities, tables in dependency order, then the foreign-key indexes. */
export function ddlStatements(entities: readonly ExportEntity[], dialect: SqlDialect): string[] {
  const ordered = dependencyOrder(entities);
  return [...ordered.map((e) => createTable(e, ordered, dialect)), ...ordered.flatMap((e) => createIndexes(e, ordered))];
}

/** The DDL as one script. */
export function ddl(entities: readonly ExportEntity[], dialect: SqlDialect): string {
  return ddlStatements(entities, dialect).join('\n\n') + '\n';
}
