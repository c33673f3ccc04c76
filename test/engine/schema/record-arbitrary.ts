/**
 * fast-check arbitraries built from a JSON Schema, for comparing a compiled
 * check with ajv: records that start valid (every property drawn from what
 * its keywords accept, the schema's if/then/else branch fitted) and then get
 * zero to three mutations: a value swapped for a near miss (wrong type,
 * null, a number past its limit, a string one code point too long or short
 * with surrogate pairs at the limit, a bad uuid/date/email, a pattern near
 * miss, an enum value in the wrong case), a property deleted or set to
 * undefined, an extra property (own `__proto__` included), or an inherited one.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;
type Arb = fc.Arbitrary<unknown>;

const UUID_CHARS = '0123456789abcdef'.split('');
const hex = (n: number) => fc.array(fc.constantFrom(...UUID_CHARS), { minLength: n, maxLength: n }).map((a) => a.join(''));
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));
const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const email = fc.tuple(word, fc.option(word, { nil: undefined }), fc.constantFrom('example.com', 'example.net', 'example.org', 'mail.example.com'))
  .map(([a, b, domain]) => `${a}${b === undefined ? '' : `.${b}`}@${domain}`);

const BAD_UUIDS = ['2C12747B-F79F-40BE-9407-9916BE36B889', '2c12747b-F79F-40be-9407-9916be36b889', 'urn:uuid:2c12747b-f79f-40be-9407-9916be36b889', 'URN:UUID:2c12747b-f79f-40be-9407-9916be36b889',
  '{2c12747b-f79f-40be-9407-9916be36b889}', '2c12747bf79f40be94079916be36b889', '2c12747b-f79f-40be-9407-9916be36b88', '2c12747b-f79f-40be-9407-9916be36b8899', '2c12747g-f79f-40be-9407-9916be36b889',
  ' 2c12747b-f79f-40be-9407-9916be36b889', '2c12747b-f79f-40be-9407-9916be36b889\n', '00000000-0000-0000-0000-000000000000', '2c12747b_f79f_40be_9407_9916be36b889', ''];
const BAD_DATES = ['2024-02-30', '2023-02-29', '2024-02-29', '2000-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31', '2024-1-01', '24-01-01', '2024-01-01T00:00:00Z',
  ' 2024-01-01', '2024/01/01', '2024-01-01\n', '\uff12\uff10\uff12\uff14-01-01', '0000-01-01', '9999-12-31', '20240101', '2024-011-1', ''];
const BAD_EMAILS = ['jos\u00e9@example.com', 'JOHN@EXAMPLE.COM', 'a..b@example.com', '.a@example.com', 'a.@example.com', 'a@-example.com', 'a@example-.com', 'a@example', 'a@example.com.', '@example.com',
  'a@@example.com', "o'brien@example.com", 'a+b@example.org', 'a@ex_ample.com', 'a@example.net ', '\u00e4@example.com', 'a@ex\u00e4mple.com', 'a@example.co', 'a@example.com\n', 'a b@example.com',
  'a@example.org.uk', 'x@example.comm', 'Holly.Ritchie3@Example.org', ''];
const ODD_VALUES: unknown[] = [null, undefined, 0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, '', ' ', '0', 'null', 'true', true, false, [], [1], {}, { a: 1 }, '\uD800', '\uDC00x', '\uD83D\uDE00'];
const ASTRAL = ['\uD83D\uDE00', '\uD834\uDD1E', '\uD840\uDC00'];

function typesOf(s: Schema): string[] {
  const t = s.type;
  return t === undefined ? [] : Array.isArray(t) ? (t as string[]) : [t as string];
}

/** A string of exactly `n` code points, mixing BMP letters and astral characters (surrogate pairs). */
function codePoints(n: number): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom('a', 'Z', '5', '\u00e9', ' '), fc.constantFrom(...ASTRAL)), { minLength: Math.max(0, n), maxLength: Math.max(0, n) }).map((a) => a.join(''));
}

/** Values the string keywords of `s` accept (format, pattern, lengths). */
function validString(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return uuid;
  if (s.format === 'date') return date;
  if (s.format === 'date-time') return date.map((d) => `${d}T12:34:56Z`);
  if (s.format === 'email') return email.filter((e) => typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(e));
  if (typeof s.pattern === 'string') {
    const rx = new RegExp(s.pattern, 'u');
    return fc.stringMatching(rx).filter((v) => lengthOk(s, v));
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 12);
  // Long limits (4096) stay in reach without drawing megabytes: short strings, and the limit itself now and then.
  return fc.oneof({ weight: 9, arbitrary: fc.integer({ min, max: Math.min(max, min + 24) }) }, { weight: 1, arbitrary: fc.constant(max) }).chain(codePoints);
}

function lengthOk(s: Schema, v: string): boolean {
  const n = [...v].length;
  return (typeof s.minLength !== 'number' || n >= s.minLength) && (typeof s.maxLength !== 'number' || n <= s.maxLength);
}

function validNumber(s: Schema, integer: boolean): Arb {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1e6;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : min + 2e6;
  const edges = fc.constantFrom(min, max);
  if (integer) return fc.oneof(edges, fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }));
  return fc.oneof(edges, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/** A value `s` accepts, not null (unless null is the only choice). */
export function validValue(s: unknown): Arb {
  if (s === true || s === undefined) return fc.anything();
  if (typeof s !== 'object' || s === null) return fc.constant(null);
  const schema = s as Schema;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) {
    const values = (schema.enum as unknown[]).filter((v) => v !== null);
    return values.length > 0 ? fc.constantFrom(...values) : fc.constant(null);
  }
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as unknown[]).map(validValue));
  const types = typesOf(schema).filter((t) => t !== 'null');
  if (types.length === 0) return typesOf(schema).includes('null') ? fc.constant(null) : fc.anything();
  return fc.oneof(...types.map((t): Arb => {
    switch (t) {
      case 'string': return validString(schema);
      case 'integer': return validNumber(schema, true);
      case 'number': return validNumber(schema, false);
      case 'boolean': return fc.boolean();
      case 'object': return objectArb(schema);
      case 'array': {
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const max = typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, 4) : 4;
        return fc.array(validValue(schema.items), { minLength: min, maxLength: Math.max(min, max) });
      }
      default: return fc.constant(null);
    }
  }));
}

/** Near misses of `s`: values at or just past each limit, of other types, in other cases. */
export function nearMiss(s: unknown): Arb {
  const odd = fc.constantFrom(...ODD_VALUES);
  if (typeof s !== 'object' || s === null) return odd;
  const schema = s as Schema;
  const arbs: Arb[] = [odd, validValue(schema).map((v) => (typeof v === 'string' ? v.toUpperCase() : typeof v === 'number' ? -v : v))];
  if (schema.format === 'uuid') arbs.push(fc.constantFrom(...BAD_UUIDS), uuid.map((u) => u.toUpperCase()), uuid.map((u) => `urn:uuid:${u}`));
  if (schema.format === 'date' || schema.format === 'date-time') arbs.push(fc.constantFrom(...BAD_DATES));
  if (schema.format === 'email') arbs.push(fc.constantFrom(...BAD_EMAILS), email.map((e) => e.toUpperCase()), email.map((e) => `\u00e9${e}`));
  if (typeof schema.pattern === 'string') {
    const base = fc.stringMatching(new RegExp(schema.pattern, 'u'));
    arbs.push(base.map((v) => `${v}x`), base.map((v) => v.slice(1)), base.map((v) => `${v}\n`), base.map((v) => v.toLowerCase()), base.map((v) => v.replace(/[0-9]/, '\u0663')), base.map((v) => `${ASTRAL[0]}${v.slice(1)}`));
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    const n = schema[key];
    if (typeof n === 'number') arbs.push(fc.constantFrom(n - 1, n, n + 1).chain(codePoints), codePoints(n).map((v) => `${v}\uD800`), fc.constant('\uD83D'.repeat(Math.max(1, n))));
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const n = schema[key];
    if (typeof n === 'number') arbs.push(fc.constantFrom(n - 1, n - 0.5, n, n + 0.5, n + 1, n - Number.EPSILON * Math.abs(n)));
  }
  if (Array.isArray(schema.enum)) arbs.push(fc.constantFrom(...(schema.enum as unknown[]).map((v) => (typeof v === 'string' ? v.toLowerCase() : v === null ? 'null' : String(v)))), fc.constantFrom(...(schema.enum as unknown[]).map((v) => (typeof v === 'string' ? `${v} ` : v))));
  if ('const' in schema) arbs.push(fc.constantFrom(String(schema.const).toLowerCase(), `${String(schema.const)} `, null));
  if (typesOf(schema).includes('integer')) arbs.push(fc.constantFrom(2.5, 1e21, Number.MAX_SAFE_INTEGER + 2, '7'));
  return fc.oneof(...arbs);
}

/** What to do to a valid record. */
type Mutation =
  | { kind: 'value'; key: string; value: unknown }
  | { kind: 'delete' | 'undefined'; key: string }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'inherited'; key: string; value: unknown };

/** Records for an object schema: valid ones with 0-3 mutations. */
export function objectArb(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const names = Object.keys(properties);
  const required = new Set((schema.required ?? []) as string[]);
  // Optional properties appear half the time; nullable ones are null one time in six (the branch fit sets the rest).
  const base = fc.record(Object.fromEntries(names.map((n) => [n, fc.tuple(validValue(properties[n]), fc.boolean(), fc.integer({ min: 0, max: 5 }))])));
  const mutation: fc.Arbitrary<Mutation> = names.length === 0
    ? fc.record({ kind: fc.constant('extra' as const), key: fc.string({ maxLength: 6 }), value: fc.anything() })
    : fc.oneof(
      { weight: 6, arbitrary: fc.oneof(...names.map((key) => nearMiss(properties[key]).map((value): Mutation => ({ kind: 'value', key, value })))) },
      { weight: 1, arbitrary: fc.constantFrom(...names).map((key): Mutation => ({ kind: 'delete', key })) },
      { weight: 1, arbitrary: fc.constantFrom(...names).map((key): Mutation => ({ kind: 'undefined', key })) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), key: fc.constantFrom('extra', '__proto__', 'toString', 'PERSON_ID', ...names.map((n) => `${n} `)), value: fc.anything() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('inherited' as const), key: fc.constantFrom('extra', ...names), value: fc.anything() }) },
    );
  const count = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 3 }) });
  return fc.tuple(base, fc.boolean(), count.chain((n) => fc.array(mutation, { minLength: n, maxLength: n }))).map(([drawn, thenBranch, mutations]) => {
    const record: Record<string, unknown> = {};
    const nonNull: Record<string, unknown> = {};
    for (const name of names) {
      const [value, present, nullDie] = drawn[name] as [unknown, boolean, number];
      nonNull[name] = value;
      if (!required.has(name) && !present) continue;
      record[name] = nullDie === 0 && typesOf(properties[name] as Schema).includes('null') ? null : value;
    }
    fitBranch(schema, record, thenBranch, nonNull);
    return mutate(record, mutations);
  });
}

/** Make `record` take the schema's then (or else) branch and meet it, as far as `type: null` / `type: string` / `not: {type: null}` go. */
function fitBranch(schema: Schema, record: Record<string, unknown>, thenBranch: boolean, nonNull: Record<string, unknown>): void {
  const test = schema.if as Schema | undefined;
  if (test === undefined) return;
  const consts = Object.entries((test.properties ?? {}) as Record<string, Schema>).filter(([, s]) => 'const' in s);
  if (consts.length === 0) return;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, s] of consts) {
    if (thenBranch) record[key] = s.const;
    else if (record[key] === s.const) {
      const other = ((properties[key]?.enum ?? []) as unknown[]).find((v) => v !== s.const && v !== null);
      if (other !== undefined) record[key] = other;
    }
  }
  const branch = (thenBranch ? schema.then : schema.else) as Schema | undefined;
  for (const [key, s] of Object.entries((branch?.properties ?? {}) as Record<string, Schema>)) {
    if (s.type === 'null') record[key] = null;
    else if ((s.type === 'string' || (s.not as Schema | undefined)?.type === 'null') && record[key] === null) {
      record[key] = nonNull[key];
    }
  }
}

function mutate(record: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  let out = record;
  for (const m of mutations) {
    switch (m.kind) {
      case 'value': out[m.key] = m.value; break;
      case 'delete': delete out[m.key]; break;
      case 'undefined': out[m.key] = undefined; break;
      case 'extra': Object.defineProperty(out, m.key, { value: m.value, enumerable: true, writable: true, configurable: true }); break;
      case 'inherited': {
        const proto: Record<string, unknown> = { [m.key]: m.value };
        const child = Object.create(proto) as Record<string, unknown>;
        for (const [k, v] of Object.entries(out)) if (k !== m.key) child[k] = v;
        out = child;
        break;
      }
    }
  }
  return out;
}

/** Any value for a schema: mostly records (for object schemas), sometimes not an object at all. */
export function schemaArb(schema: Schema): Arb {
  if (!typesOf(schema).includes('object')) return fc.oneof(validValue(schema), nearMiss(schema));
  return fc.oneof({ weight: 20, arbitrary: objectArb(schema) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_VALUES) });
}
