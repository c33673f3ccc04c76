import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { esdhError } from '../contracts/errors.js';
import { addFastFormats } from './fast-formats.js';
import { compileCheck, type CheckRuntime, type CompiledCheck } from './compile-check.js';
import { checkedValidator, checkRuntime } from './fast-validator.js';

// ajv-formats is CommonJS; under NodeNext its default export sits one level down.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

interface Entry {
  readonly id: string;
  readonly schema: JsonSchema;
  readonly hash: string;
  /** Set once compiled: now for `add`, on first use for the package's own folder. */
  compiled?: Compiled;
}

interface Compiled {
  /** ajv's validator with the compiled check in front (or ajv's alone when the schema has no check). */
  readonly validate: ValidateFunction;
  readonly ajv: ValidateFunction;
  readonly check: CompiledCheck;
}

/** When a registered schema is compiled. */
export interface SchemaAddOptions {
  /**
   * `'now'` (the default): a broken schema fails at registration.
   * `'on-first-use'`: for schemas known to compile (the package's own, which
   * its tests compile), so a run pays only for the entities it validates.
   */
  readonly compile?: 'now' | 'on-first-use';
}

/** A failed validation, reduced to what a user needs: where and what. */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

/**
 * Every schema ESDH knows, each with an ajv validator compiled once and, in
 * front of it, a check compiled from the schema (compile-check.ts) that
 * answers "valid" without ajv; ajv decides everything else.
 */
export class SchemaRegistry {
  private readonly ajv: Ajv;
  private readonly runtime: CheckRuntime | string;
  private readonly entries = new Map<string, Entry>();

  constructor() {
    // optimize: false: ajv skips its passes over the generated code, which halve compile time (about 140 → 75 ms
    // for the config schema, compiled at every start) and change no answer; records are checked by the
    // compiled check first, so ajv's code runs mostly for config, manifests and refusals.
    this.ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, code: { optimize: false } });
    addFormats(this.ajv);
    addFastFormats(this.ajv);
    this.runtime = checkRuntime(this.ajv);
  }

  /** Register every `*.schema.json` in a folder under its file stem. */
  addFolder(dir: string, options: SchemaAddOptions = {}): this {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
      this.add(basename(file, '.schema.json'), JSON.parse(readFileSync(join(dir, file), 'utf8')), options);
    }
    return this;
  }

  /** Register one schema under `id`; compiled now unless told otherwise, so a broken schema fails here. */
  add(id: string, schema: JsonSchema, options: SchemaAddOptions = {}): this {
    if (this.entries.has(id)) throw esdhError('ESDH_ERR_SCHEMA_DUPLICATE', id);
    const entry: Entry = { id, schema, hash: sha256(JSON.stringify(schema)) };
    if ((options.compile ?? 'now') === 'now') this.compile(entry);
    this.entries.set(id, entry);
    return this;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** The schema document. */
  schema(id: string): JsonSchema {
    return this.entry(id).schema;
  }

  /** sha256 of the schema's JSON text, recorded in manifests. */
  hash(id: string): string {
    return this.entry(id).hash;
  }

  /** The compiled validator (cheap to call; keep it). */
  validator(id: string): ValidateFunction {
    return this.compiled(id).validate;
  }

  /** ajv's validator alone, without the compiled check (for comparisons: tests, benchmarks). */
  ajvValidator(id: string): ValidateFunction {
    return this.compiled(id).ajv;
  }

  /** The check compiled from the schema, or why there is none (then `validator` is ajv's alone). */
  compiledCheck(id: string): CompiledCheck {
    return this.compiled(id).check;
  }

  /** What compiled checks of this registry call (its ajv's formats), or why its ajv options allow none. */
  checkRuntime(): CheckRuntime | string {
    return this.runtime;
  }

  /** Property names in schema order: the CSV column order. */
  fields(id: string): string[] {
    return Object.keys((this.entry(id).schema.properties as Record<string, unknown>) ?? {});
  }

  /** null when `value` is valid, otherwise the first violation. */
  check(id: string, value: unknown): SchemaViolation | null {
    const validate = this.validator(id);
    return validate(value) ? null : describeViolation(validate.errors);
  }

  private compiled(id: string): Compiled {
    const entry = this.entry(id);
    return entry.compiled ?? this.compile(entry);
  }

  private compile(entry: Entry): Compiled {
    let ajv: ValidateFunction;
    try {
      ajv = this.ajv.compile(entry.schema);
    } catch (error) {
      throw esdhError('ESDH_ERR_SCHEMA_INVALID', entry.id, (error as Error).message);
    }
    const check = typeof this.runtime === 'string' ? { check: null, source: null, unsupported: this.runtime } : compileCheck(entry.schema, this.runtime);
    entry.compiled = { ajv, check, validate: check.check === null ? ajv : checkedValidator(ajv, check.check) };
    return entry.compiled;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw esdhError('ESDH_ERR_DATA_MISSING', `schemas.${id}`);
    return entry;
  }
}

/** The first ajv error as a path and a sentence. */
export function describeViolation(errors: ErrorObject[] | null | undefined): SchemaViolation {
  const first = errors?.[0];
  if (!first) return { path: '/', message: 'invalid' };
  const extra = first.keyword === 'additionalProperties' ? ` '${(first.params as { additionalProperty: string }).additionalProperty}'`
    : first.keyword === 'enum' ? ` (${(first.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  return { path: first.instancePath || '/', message: `${first.message ?? 'invalid'}${extra}` };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
