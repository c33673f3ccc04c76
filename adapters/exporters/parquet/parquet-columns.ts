/**
 * An entity's Parquet columns, from its JSON Schema: one column per schema
 * field, in schema order. string → STRING (UTF8), `format: date` → DATE
 * (INT32 days since 1970-01-01), integer → INT32 when the schema bounds it
 * (minimum/maximum, enum or const) within 32 bits, else INT64, number →
 * DOUBLE, boolean → BOOLEAN, anything else (objects, arrays, several types)
 * → JSON text (the same kinds as the SQL DDL, ../sql). OPTIONAL when the field
 * is not `required` or its type admits null, else REQUIRED.
 *
 * A record's value becomes a cell (`cellOf`, what hyparquet-writer takes) and
 * a cell comes back as the value (`valueOf`), so a record survives the trip as
 * the schema types it; a value the column cannot hold is refused.
 */
import type { SchemaElement } from 'hyparquet';
import { type ExportEntity, fromDayNumber, toDayNumber } from '../../../engine/kit.js';
import { allowsNull, columnKind } from '../sql/index.js';

/** How a column stores its values. */
export type ParquetKind = 'string' | 'date' | 'int32' | 'int64' | 'double' | 'boolean' | 'json';

/** One column of an entity's file. */
export interface ParquetColumn {
  readonly field: string;
  readonly kind: ParquetKind;
  /** OPTIONAL (may hold null): the field is not required or its type admits null. */
  readonly optional: boolean;
  /** The schema admits null: a null cell reads back as null (else the field is left out). */
  readonly nullable: boolean;
}

interface PropertySchema {
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** 2^63: the first double an INT64 cannot hold (and -2^63 the last it can, going down). */
const INT64_LIMIT = 2 ** 63;

function propertyOf(entity: ExportEntity, field: string): PropertySchema {
  return ((entity.schema.properties ?? {}) as Record<string, PropertySchema>)[field] ?? {};
}

/** Whether every integer the schema allows for the field fits 32 bits. */
function fitsInt32(property: PropertySchema): boolean {
  const listed = property.enum ?? (property.const === undefined ? undefined : [property.const]);
  if (listed) {
    const numbers = listed.filter((v) => v !== null);
    return numbers.every((v) => typeof v === 'number' && v >= INT32_MIN && v <= INT32_MAX);
  }
  const low = property.minimum ?? property.exclusiveMinimum;
  const high = property.maximum ?? property.exclusiveMaximum;
  return low !== undefined && high !== undefined && low >= INT32_MIN && high <= INT32_MAX;
}

/** The entity's columns, in schema field order. */
export function parquetColumns(entity: ExportEntity): ParquetColumn[] {
  const required = new Set((entity.schema.required ?? []) as string[]);
  return entity.fields.map((field) => {
    const property = propertyOf(entity, field);
    const nullable = allowsNull(entity, field);
    let kind: ParquetKind;
    switch (columnKind(entity, field)) {
      case 'text': kind = property.format === 'date' ? 'date' : 'string'; break;
      case 'integer': kind = fitsInt32(property) ? 'int32' : 'int64'; break;
      case 'real': kind = 'double'; break;
      case 'boolean': kind = 'boolean'; break;
      case 'json': kind = 'json'; break;
    }
    return { field, kind, optional: nullable || !required.has(field), nullable };
  });
}

/** The Parquet schema element of a column. */
export function schemaElement(column: Pick<ParquetColumn, 'field' | 'kind' | 'optional'>): SchemaElement {
  const repetition_type = column.optional ? 'OPTIONAL' : 'REQUIRED';
  const name = column.field;
  switch (column.kind) {
    case 'string': return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
    case 'date': return { name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type };
    case 'int32': return { name, type: 'INT32', repetition_type };
    case 'int64': return { name, type: 'INT64', repetition_type };
    case 'double': return { name, type: 'DOUBLE', repetition_type };
    case 'boolean': return { name, type: 'BOOLEAN', repetition_type };
    case 'json': return { name, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' }, repetition_type };
  }
}

/** The whole file schema: the root, then one element per column. */
export function fileSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
}

/** The kind of a column as a file declares it (the inverse of `schemaElement`); undefined for a type this exporter never writes. */
export function kindOfElement(element: SchemaElement): ParquetKind | undefined {
  const logical = element.logical_type?.type;
  switch (element.type) {
    case 'BYTE_ARRAY':
      if (element.converted_type === 'UTF8' && logical === 'STRING') return 'string';
      if (element.converted_type === 'JSON' && logical === 'JSON') return 'json';
      return undefined;
    case 'INT32':
      if (element.converted_type === 'DATE' && logical === 'DATE') return 'date';
      return element.converted_type === undefined && logical === undefined ? 'int32' : undefined;
    case 'INT64': return element.converted_type === undefined && logical === undefined ? 'int64' : undefined;
    case 'DOUBLE': return 'double';
    case 'BOOLEAN': return 'boolean';
    default: return undefined;
  }
}

/** A value the column cannot hold: `why` says what it holds. */
export class CellRefused extends Error {}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  return `a${Array.isArray(value) ? 'n array' : typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

function refuse(column: ParquetColumn, value: unknown, holds: string): never {
  throw new CellRefused(`field '${column.field}' is ${shown(value)}, but its Parquet column (${column.kind.toUpperCase()}${column.optional ? '' : ', REQUIRED'}) holds ${holds}; fix the plugin's record or the field's JSON Schema`);
}

/** The cell hyparquet-writer is given for a record's value: a string, day number, number, bigint, boolean, JSON value or null. Throws CellRefused. */
export function cellOf(column: ParquetColumn, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (!column.optional) refuse(column, value, 'a value in every row (the field is required)');
    if (value === null && !column.nullable) refuse(column, value, 'no null (the schema type admits none; leave the field out instead)');
    return null;
  }
  switch (column.kind) {
    case 'string':
      // A lone surrogate would be written as U+FFFD and read back as another string.
      if (typeof value !== 'string' || !(value as unknown as { isWellFormed(): boolean }).isWellFormed()) refuse(column, value, 'well-formed Unicode strings');
      return value;
    case 'date': {
      const day = typeof value === 'string' && value.length === 10 ? toDayNumber(value) : NaN;
      if (!Number.isInteger(day) || fromDayNumber(day) !== value) refuse(column, value, 'calendar dates YYYY-MM-DD (years 0000-9999)');
      return day;
    }
    case 'int32':
      if (!Number.isInteger(value) || (value as number) < INT32_MIN || (value as number) > INT32_MAX) refuse(column, value, `integers from ${INT32_MIN} to ${INT32_MAX}`);
      return value;
    case 'int64':
      if (!Number.isInteger(value) || (value as number) < -INT64_LIMIT || (value as number) >= INT64_LIMIT) refuse(column, value, 'integers from -2^63 to 2^63-1');
      return BigInt(value as number);
    case 'double':
      if (typeof value !== 'number') refuse(column, value, 'numbers');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') refuse(column, value, 'true or false');
      return value;
    case 'json':
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') refuse(column, value, 'JSON values');
      return value;
  }
}

/** A record's value for a cell read back (dates as day numbers, INT64 as bigint, JSON parsed); `undefined` means the field is left out. */
export function valueOf(kind: ParquetKind | undefined, nullable: boolean, cell: unknown): unknown {
  if (cell === null || cell === undefined) return nullable ? null : undefined;
  if (kind === 'date') return fromDayNumber(cell as number);
  if (typeof cell === 'bigint') return Number(cell);
  return cell;
}
