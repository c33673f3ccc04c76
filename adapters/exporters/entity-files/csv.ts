/**
 * The CSV encoding: `<plural>_v0_1.csv` per entity, columns in schema order
 * (the v0.1 contract), a header row, then one row per record.
 *
 * `compileCsvLine(fields)(record)` is exactly what fast-csv's formatter wrote
 * for the row `fields.map((f) => csvCell(record[f]))` (RFC 4180: a cell
 * holding `"` is quoted with `""` escapes; one holding `,` `|` CR or LF is
 * quoted; NUL characters are dropped), without a stream per file, a Buffer
 * per row and three callbacks per record: fast-csv's format stream cost
 * +7.0 µs per bundle, the compiled line +2.5 µs (D27).
 *
 * Read back with fast-csv's parser, each cell typed again through the
 * entity's JSON Schema (integer, number, boolean, null, object/array as JSON).
 */
import { createReadStream } from 'node:fs';
import type { EntityRecord, ExportEntity, ReadItem } from '../../../engine/kit.js';
import type { RecordLine } from '../text-codec.js';
import { CSV_SPECIAL, csvCell, csvField } from './csv-cells.js';
import { csvSafeFields } from './csv-safe-fields.js';
import type { EntityFileEncoding } from './encoding.js';

/** The header line of a CSV file (no line end). */
export function csvHeader(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/**
 * `csvLine(record)`: the CSV row of a record for a fixed column list, as a
 * string (no line end). Text cells are scanned for the characters that need
 * quoting, except in the `safe` columns (csv-safe-fields.ts: columns whose
 * schema admits no such character, passed only for validated records);
 * numbers never need it. A cell of any other kind takes the general path.
 */
export function compileCsvLine(fields: readonly string[], safe: ReadonlySet<string> = NO_SAFE_FIELDS): RecordLine {
  const body: string[] = ['let s;', 'let v;', 'let c;'];
  fields.forEach((field, i) => {
    const text = safe.has(field) ? 'v' : '(Q.test(v) ? F(v) : v)';
    body.push(
      `v = r[${JSON.stringify(field)}];`,
      `c = typeof v === 'string' ? ${text} : v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : F(C(v));`,
      i === 0 ? 's = c;' : "s += ',' + c;",
    );
  });
  body.push(fields.length === 0 ? "return '';" : 'return s;');
  return new Function('Q', 'F', 'C', `return function csvLine(r) {\n${body.join('\n')}\n};`)(CSV_SPECIAL, csvField, csvCell) as RecordLine;
}

const NO_SAFE_FIELDS: ReadonlySet<string> = new Set();

/** Records of one CSV file: first a check that the header lists the schema's fields in order, then the rows, cells typed through the schema. */
export async function* readCsv(path: string, entity: ExportEntity): AsyncGenerator<ReadItem> {
  const properties = (entity.schema.properties ?? {}) as Record<string, { type?: string | string[] }>;
  // fast-csv loads when a CSV file is first read (verify, load, merge checks), not with every command.
  const { parse } = await import('fast-csv');
  const stream = createReadStream(path).pipe(parse({ headers: false, ignoreEmpty: true }));
  let header: string[] | undefined;
  let line = 0;
  for await (const row of stream as AsyncIterable<string[]>) {
    line++;
    if (!header) {
      header = row;
      const expected = entity.fields.join(',');
      yield { kind: 'check', rule: 'csv.header', description: 'CSV header lists the schema fields in order', problem: header.join(',') === expected ? null : `header '${header.join(',')}' differs from '${expected}'`, line };
      continue;
    }
    const record: EntityRecord = {};
    for (let i = 0; i < header.length; i++) record[header[i]!] = fromCell(row[i] ?? '', properties[header[i]!]?.type);
    yield { kind: 'record', entity: entity.name, record, line };
  }
}

/** A cell's value for the schema's type(s) of its field; text when nothing fits. */
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

/** CSV: header row, then one record per line, columns in schema order. */
export const csvEncoding: EntityFileEncoding = {
  format: 'csv',
  extension: 'csv',
  description: 'One CSV file per entity (persons_v0_1.csv, ...), header row, v0.1 column order',
  readmeNote: 'header row, then one record per line; columns in the v0.1 contract order, new columns after them',
  readFidelity: 'schema',
  header: (entity) => csvHeader(entity.fields),
  // Validated records need no scan of the cells their schema keeps free of special characters.
  line: (entity, target) => compileCsvLine(entity.fields, target?.validated ? csvSafeFields(entity.schema) : undefined),
  read: readCsv,
};
