/** The cell rules of the CSV encoding (fast-csv's, RFC 4180): what a value's cell is and when it is quoted. */

/** One CSV cell: null → empty, objects/arrays → JSON text, the rest as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The characters that make a cell quoted (`"` `,` `|` CR LF) or cleaned (NUL): the one definition (csv-safe-fields.ts judges columns by it). */
export const CSV_SPECIAL = /[",\r\n|\0]/;
const NUL = /\0/g;
const QUOTE = /"/g;
const CSV_QUOTE_NEEDED = /[,\r\n|]/;

/** A cell as it goes into the file: quoted and escaped when it must be (fast-csv's rules). */
export function csvField(cell: string): string {
  if (!CSV_SPECIAL.test(cell)) return cell;
  const text = cell.indexOf('\0') === -1 ? cell : cell.replace(NUL, '');
  if (text.indexOf('"') !== -1) return `"${text.replace(QUOTE, '""')}"`;
  return CSV_QUOTE_NEEDED.test(text) ? `"${text}"` : text;
}
