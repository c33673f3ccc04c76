/**
 * One straight-line JavaScript function per JSON Schema (new Function): true
 * exactly when ajv's compiled validator says valid, with no error objects,
 * no context argument and no lookups by schema path. Keywords it does not
 * know (check-keywords.ts) make the whole schema uncompiled (null): the
 * caller then keeps ajv alone. The check is only ever trusted for "valid";
 * fast-validator.ts asks ajv whenever it says false.
 */
import { ANNOTATIONS, CHECKED, groupGuard, limit, literal, typeCondition, typeList, type TypeName } from './check-keywords.js';

/** A format as ajv applies it: to values of `type` only, through `test`. */
export interface FormatCheck {
  readonly type: 'string' | 'number';
  readonly test: (value: never) => boolean;
}

/** What the compiled code calls besides its own conditions. */
export interface CheckRuntime {
  /** String length in code points as ajv counts it (a surrogate pair is one). */
  readonly ucs2length: (text: string) => number;
  /** The format named `name` as the ajv instance holds it; undefined when unknown. */
  readonly format: (name: string) => FormatCheck | undefined;
}

/** A compiled check: true only for values the schema accepts. */
export type RecordCheck = (value: unknown) => boolean;

/** The check and its source, or why the schema stays with ajv alone. */
export type CompiledCheck =
  | { readonly check: RecordCheck; readonly source: string; readonly unsupported: null }
  | { readonly check: null; readonly source: null; readonly unsupported: string };

type Schema = Record<string, unknown> | boolean;

/** Compile `schema` to a check (see the file comment). */
export function compileCheck(schema: unknown, runtime: CheckRuntime): CompiledCheck {
  const writer = new CheckWriter(runtime);
  let body: string[];
  try {
    body = writer.schema(schema, 'd', '#');
  } catch (error) {
    return { check: null, source: null, unsupported: (error as Error).message };
  }
  const source = [
    '"use strict";',
    ...writer.constants.map((_, i) => `const k${i} = K[${i}];`),
    ...writer.helpers,
    'return function check(d) {',
    ...body.map((line) => `  ${line}`),
    '  return true;',
    '};',
  ].join('\n');
  const check = new Function('K', source)(writer.constants) as RecordCheck;
  return { check, source, unsupported: null };
}

/** Writes statements that `return false` on the first failed keyword. */
class CheckWriter {
  readonly constants: unknown[] = [];
  readonly helpers: string[] = [];
  private names = 0;

  constructor(private readonly runtime: CheckRuntime) {}

  /** Statements checking the value in variable `v` against `schema` (at schema path `at`, for messages). */
  schema(schema: unknown, v: string, at: string): string[] {
    if (schema === true) return [];
    if (schema === false) return ['return false;'];
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error(`${at}: not a schema`);
    const s = schema as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) throw new Error(`${at}: keyword ${key}`);
    }
    const out: string[] = [];
    let types: TypeName[] | null;
    try {
      types = typeList(s.type);
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`);
    }
    if (types !== null) out.push(`if (!(${types.map((t) => typeCondition(t, v)).join(' || ')})) return false;`);
    this.anyType(s, types, v, at, out);
    this.guarded(groupGuard('number', types, v), this.numbers(s, v, at), out);
    this.guarded(groupGuard('string', types, v), this.strings(s, v, at), out);
    this.guarded(groupGuard('object', types, v), this.objects(s, v, at), out);
    this.guarded(groupGuard('array', types, v), this.arrays(s, v, at), out);
    this.applicators(s, v, at, out);
    return out;
  }

  private anyType(s: Record<string, unknown>, types: TypeName[] | null, v: string, at: string, out: string[]): void {
    if ('const' in s) out.push(`if (${v} !== ${this.literal(s.const, `${at}/const`)}) return false;`);
    if ('enum' in s) {
      const values = s.enum;
      if (!Array.isArray(values) || values.length === 0) throw new Error(`${at}/enum: not a list`);
      const literals = values.map((value, i) => this.literal(value, `${at}/enum/${i}`));
      if (literals.length <= 8) {
        out.push(`if (!(${literals.map((l) => `${v} === ${l}`).join(' || ')})) return false;`);
      } else {
        // A Set's SameValueZero equals === here: literal() refuses NaN, and 0 and -0 are equal either way.
        out.push(`if (!${this.constant(new Set(values))}.has(${v})) return false;`);
      }
    }
    const format = s.format;
    if (format !== undefined) {
      if (typeof format !== 'string') throw new Error(`${at}/format: not a name`);
      const found = this.runtime.format(format);
      if (found === undefined) throw new Error(`${at}/format: ${format} unknown`);
      const guard = groupGuard(found.type, types, v);
      out.push(`if (${guard === '' ? '' : `${guard} && `}!${this.constant(found.test)}(${v})) return false;`);
    }
  }

  private numbers(s: Record<string, unknown>, v: string, at: string): string[] {
    const out: string[] = [];
    if ('minimum' in s) out.push(`if (${v} < ${this.limit(s, 'minimum', at)}) return false;`);
    if ('maximum' in s) out.push(`if (${v} > ${this.limit(s, 'maximum', at)}) return false;`);
    if ('exclusiveMinimum' in s) out.push(`if (${v} <= ${this.limit(s, 'exclusiveMinimum', at)}) return false;`);
    if ('exclusiveMaximum' in s) out.push(`if (${v} >= ${this.limit(s, 'exclusiveMaximum', at)}) return false;`);
    return out;
  }

  private strings(s: Record<string, unknown>, v: string, at: string): string[] {
    const out: string[] = [];
    const len = 'maxLength' in s || 'minLength' in s ? this.constant(this.runtime.ucs2length) : '';
    // .length counts UTF-16 units: at least the code points, at most twice as many.
    if ('maxLength' in s) {
      const max = this.limit(s, 'maxLength', at);
      out.push(`if (${v}.length > ${max} && ${len}(${v}) > ${max}) return false;`);
    }
    if ('minLength' in s) {
      const min = this.limit(s, 'minLength', at);
      if (min > 0) out.push(`if (${v}.length < ${2 * min} && ${len}(${v}) < ${min}) return false;`);
    }
    if ('pattern' in s) {
      if (typeof s.pattern !== 'string') throw new Error(`${at}/pattern: not a string`);
      out.push(`if (!${this.constant(new RegExp(s.pattern, 'u'))}.test(${v})) return false;`);
    }
    return out;
  }

  private objects(s: Record<string, unknown>, v: string, at: string): string[] {
    const out: string[] = [];
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) throw new Error(`${at}/properties: not an object`);
    const required = new Set<string>();
    if ('required' in s) {
      if (!Array.isArray(s.required) || !s.required.every((r) => typeof r === 'string')) throw new Error(`${at}/required: not a list of names`);
      for (const name of s.required as string[]) required.add(name);
    }
    const locals = new Map<string, string>();
    for (const name of Object.keys(properties)) {
      const local = this.name('v');
      locals.set(name, local);
      out.push(`const ${local} = ${v}[${JSON.stringify(name)}];`);
    }
    for (const name of required) {
      out.push(`if (${locals.get(name) ?? `${v}[${JSON.stringify(name)}]`} === undefined) return false;`);
    }
    const additional = s.additionalProperties;
    if (additional !== undefined && additional !== true) {
      const key = this.name('q');
      const names = Object.keys(properties);
      const rest = additional === false ? ['return false;'] : this.additional(additional, v, key, `${at}/additionalProperties`);
      out.push(`for (const ${key} in ${v}) {`);
      if (names.length > 0) {
        out.push(`  switch (${key}) {`, `    case ${names.map((n) => JSON.stringify(n)).join(': case ')}: break;`, '    default: {', ...rest.map((l) => `      ${l}`), '    }', '  }');
      } else {
        out.push(...rest.map((l) => `  ${l}`));
      }
      out.push('}');
    }
    if ('minProperties' in s) out.push(`if (Object.keys(${v}).length < ${this.limit(s, 'minProperties', at)}) return false;`);
    if ('maxProperties' in s) out.push(`if (Object.keys(${v}).length > ${this.limit(s, 'maxProperties', at)}) return false;`);
    for (const [name, local] of locals) {
      const inner = this.schema(properties[name], local, `${at}/properties/${name}`);
      if (inner.length === 0) continue;
      if (required.has(name)) out.push(...inner);
      else out.push(`if (${local} !== undefined) {`, ...inner.map((l) => `  ${l}`), '}');
    }
    return out;
  }

  private additional(schema: unknown, v: string, key: string, at: string): string[] {
    const local = this.name('v');
    return [`const ${local} = ${v}[${key}];`, ...this.schema(schema, local, at)];
  }

  private arrays(s: Record<string, unknown>, v: string, at: string): string[] {
    const out: string[] = [];
    if ('minItems' in s) out.push(`if (${v}.length < ${this.limit(s, 'minItems', at)}) return false;`);
    if ('maxItems' in s) out.push(`if (${v}.length > ${this.limit(s, 'maxItems', at)}) return false;`);
    if ('items' in s) {
      if (Array.isArray(s.items)) throw new Error(`${at}/items: a list (tuple)`);
      const i = this.name('i');
      const item = this.name('v');
      const inner = this.schema(s.items, item, `${at}/items`);
      if (inner.length > 0) out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `  const ${item} = ${v}[${i}];`, ...inner.map((l) => `  ${l}`), '}');
    }
    return out;
  }

  private applicators(s: Record<string, unknown>, v: string, at: string, out: string[]): void {
    for (const [i, sub] of this.list(s, 'allOf', at).entries()) out.push(...this.schema(sub, v, `${at}/allOf/${i}`));
    const anyOf = this.list(s, 'anyOf', at);
    if (anyOf.length > 0) out.push(`if (!(${anyOf.map((sub, i) => `${this.helper(sub, `${at}/anyOf/${i}`)}(${v})`).join(' || ')})) return false;`);
    const oneOf = this.list(s, 'oneOf', at);
    if (oneOf.length > 0) out.push(`if (${oneOf.map((sub, i) => `(${this.helper(sub, `${at}/oneOf/${i}`)}(${v}) ? 1 : 0)`).join(' + ')} !== 1) return false;`);
    if ('not' in s) out.push(`if (${this.helper(s.not, `${at}/not`)}(${v})) return false;`);
    // ajv ignores then/else without if, and if without then/else.
    if ('if' in s && ('then' in s || 'else' in s)) {
      const test = this.helper(s.if, `${at}/if`);
      const then = 'then' in s ? this.schema(s.then, v, `${at}/then`) : [];
      const otherwise = 'else' in s ? this.schema(s.else, v, `${at}/else`) : [];
      out.push(`if (${test}(${v})) {`, ...then.map((l) => `  ${l}`), '} else {', ...otherwise.map((l) => `  ${l}`), '}');
    }
  }

  private list(s: Record<string, unknown>, keyword: string, at: string): unknown[] {
    if (!(keyword in s)) return [];
    const value = s[keyword];
    if (!Array.isArray(value) || value.length === 0) throw new Error(`${at}/${keyword}: not a list of schemas`);
    return value;
  }

  /** A named function answering `schema` for one value (for if, not, anyOf, oneOf). */
  private helper(schema: unknown, at: string): string {
    const name = this.name('h');
    const x = this.name('x');
    const body = this.schema(schema as Schema, x, at);
    this.helpers.push(`function ${name}(${x}) {`, ...body.map((l) => `  ${l}`), '  return true;', '}');
    return name;
  }

  private guarded(guard: string, lines: string[], out: string[]): void {
    if (lines.length === 0) return;
    if (guard === '') out.push(...lines);
    else out.push(`if (${guard}) {`, ...lines.map((l) => `  ${l}`), '}');
  }

  private literal(value: unknown, at: string): string {
    try {
      return literal(value);
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`);
    }
  }

  private limit(s: Record<string, unknown>, keyword: string, at: string): number {
    try {
      return limit(s, keyword);
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`);
    }
  }

  private constant(value: unknown): string {
    let index = this.constants.indexOf(value);
    if (index < 0) index = this.constants.push(value) - 1;
    return `k${index}`;
  }

  private name(prefix: string): string {
    return `${prefix}${this.names++}`;
  }
}

