/**
 * PostgreSQL's COPY text format, both ways: a record → one line (cells
 * tab-separated in schema field order, `\N` for NULL, backslash escapes for
 * backslash, newline, carriage return and tab), and a line COPY TO wrote →
 * a record typed back through the schema (as the SQLite reader does: a NULL
 * is null where the schema admits null, else the field is absent).
 */
import type { EntityRecord, ExportEntity } from '../../../engine/kit.js';
import { allowsNull, columnKind, type ColumnKind } from '../sql/index.js';

const NULL = '\\N';
const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}

/** One cell: `t`/`f` for booleans, JSON text for objects, arrays and JSON columns, `\N` for absent or null. */
function cell(value: unknown, kind: ColumnKind): string {
  if (value === undefined || value === null) return NULL;
  if (kind === 'json' || typeof value === 'object') return escape(JSON.stringify(value));
  if (typeof value === 'boolean') return kind === 'boolean' ? (value ? 't' : 'f') : String(value);
  return escape(String(value));
}

/** Records of one entity → COPY text lines. */
export class CopyLineEncoder {
  private readonly kinds: ColumnKind[];

  constructor(private readonly entity: ExportEntity) {
    this.kinds = entity.fields.map((f) => columnKind(entity, f));
  }

  /** One record as a line, newline included. */
  line(record: EntityRecord): string {
    const { fields } = this.entity;
    let text = cell(record[fields[0]!], this.kinds[0]!);
    for (let i = 1; i < fields.length; i++) text += '\t' + cell(record[fields[i]!], this.kinds[i]!);
    return text + '\n';
  }
}

const UNESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A cell's text with COPY's escapes undone (`\\`, `\n`, `\t`, ..., `\NNN` octal, `\xHH`). */
export function unescapeCell(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/gs, (_m, octal: string | undefined, hex: string | undefined, other: string) =>
    octal ? String.fromCharCode(parseInt(octal, 8)) : hex ? String.fromCharCode(parseInt(hex, 16)) : UNESCAPES[other] ?? other);
}

/** COPY text lines of one entity's columns (schema field order) → records typed through the schema. */
export class CopyLineDecoder {
  private readonly kinds: ColumnKind[];
  private readonly nullable: boolean[];

  constructor(private readonly entity: ExportEntity) {
    this.kinds = entity.fields.map((f) => columnKind(entity, f));
    this.nullable = entity.fields.map((f) => allowsNull(entity, f));
  }

  record(line: string): EntityRecord {
    const cells = line.split('\t');
    const { fields } = this.entity;
    if (cells.length !== fields.length) throw new Error(`a COPY row of ${this.entity.plural} has ${cells.length} cells, the schema ${fields.length} fields`);
    const record: EntityRecord = {};
    for (let i = 0; i < fields.length; i++) {
      const raw = cells[i]!;
      if (raw === NULL) {
        if (this.nullable[i]) record[fields[i]!] = null;
        continue;
      }
      const text = unescapeCell(raw);
      switch (this.kinds[i]) {
        case 'integer':
        case 'real':
          record[fields[i]!] = Number(text);
          break;
        case 'boolean':
          record[fields[i]!] = text === 't';
          break;
        case 'json':
          record[fields[i]!] = JSON.parse(text);
          break;
        default:
          record[fields[i]!] = text;
      }
    }
    return record;
  }
}
