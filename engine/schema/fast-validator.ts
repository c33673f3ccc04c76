/**
 * ajv's validate function with the compiled check (compile-check.ts) in
 * front: "valid" from the check is the answer; anything else asks ajv, whose
 * answer and `.errors` are passed on, so messages read as before.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import type { CheckRuntime, FormatCheck, RecordCheck } from './compile-check.js';

// ajv's runtime helpers are CommonJS; under NodeNext the default export sits one level down.
const ucs2length = ((ucs2lengthModule as unknown as { default?: (text: string) => number }).default ?? ucs2lengthModule) as (text: string) => number;

/**
 * What the compiled code needs from `ajv`, or why its options make ajv
 * answer differently from the check (coercion, defaults, removal, $data,
 * own-property lookups, UTF-16 lengths, non-unicode or custom regexps,
 * unvalidated formats): then no schema of it gets a check.
 */
export function checkRuntime(ajv: Ajv): CheckRuntime | string {
  const o = ajv.opts;
  const changed = [
    o.coerceTypes ? 'coerceTypes' : '', o.useDefaults ? 'useDefaults' : '', o.removeAdditional ? 'removeAdditional' : '',
    o.$data ? '$data' : '', o.ownProperties ? 'ownProperties' : '', o.unicode === false ? 'unicode' : '',
    o.unicodeRegExp ? '' : 'unicodeRegExp', o.strictNumbers ? '' : 'strictNumbers', o.validateFormats ? '' : 'validateFormats',
    (o.code.regExp as { code?: string }).code === 'new RegExp' ? '' : 'code.regExp',
  ].filter((name) => name !== '');
  if (changed.length > 0) return `ajv options ${changed.join(', ')}`;
  // One FormatCheck per name, so every property of every schema shares its memory (remembering below).
  const formats = new Map<string, FormatCheck | undefined>();
  const format = (name: string): FormatCheck | undefined => {
    if (!formats.has(name)) formats.set(name, formatOf(ajv, name));
    return formats.get(name);
  };
  return { ucs2length, format };
}

/** A format as ajv's format keyword reads it (a function, a RegExp, or `{ type, validate }`); undefined for async or unknown ones. */
function formatOf(ajv: Ajv, name: string): FormatCheck | undefined {
  const def: unknown = ajv.formats[name];
  if (def === undefined || def === true) return undefined;
  const [type, validate]: [unknown, unknown] = typeof def === 'object' && def !== null && !(def instanceof RegExp)
    ? ((def as { async?: boolean }).async ? [undefined, undefined] : [(def as { type?: string }).type ?? 'string', (def as { validate: unknown }).validate])
    : ['string', def];
  if (type !== 'string' && type !== 'number') return undefined;
  const test = validate instanceof RegExp ? (value: string) => validate.test(value) : typeof validate === 'function' ? validate as (value: string) => boolean : undefined;
  if (test === undefined) return undefined;
  return type === 'string' ? { type, test: remembering(test) } : { type, test };
}

/**
 * `test` remembering the last four strings it accepted: a unit's records
 * repeat their ids (a person's id is on its vehicle, twice, and its
 * profile), and comparing with a string already seen is cheaper than
 * checking it again. Sound because a format is a function of the string
 * alone (ajv-formats' and fast-formats.ts's are).
 */
export function remembering(test: (value: string) => boolean): (value: string) => boolean {
  let a: string | undefined;
  let b: string | undefined;
  let c: string | undefined;
  let d: string | undefined;
  return (value: string): boolean => {
    if (value === a || value === b || value === c || value === d) return true;
    if (!test(value)) return false;
    d = c;
    c = b;
    b = a;
    a = value;
    return true;
  };
}

/** A ValidateFunction answering true when `check` does, otherwise what `validate` answers (with its errors). */
export function checkedValidator(validate: ValidateFunction, check: RecordCheck): ValidateFunction {
  const fast = function (this: unknown, data: unknown, context?: Parameters<ValidateFunction>[1]): boolean {
    if (check(data)) {
      fast.errors = null;
      return true;
    }
    const valid = validate.call(this, data, context);
    fast.errors = validate.errors;
    return valid;
  } as ValidateFunction;
  fast.schema = validate.schema;
  fast.schemaEnv = validate.schemaEnv;
  return fast;
}
