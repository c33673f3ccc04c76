/**
 * Scenario targeting (`--where`): the terms a run's data must meet, met by
 * construction. The engine parses and checks the terms against what plugins
 * declare as targetable (`EntityPlugin.targeting`), hands them to every
 * plugin (`SetupContext.where`), and each plugin draws from the conditioned
 * distributions for the terms that name it. After each unit the engine
 * checks that every term holds (a safety net, not a filter: nothing is
 * generated and discarded).
 *
 * Grammar: a comma-separated list of terms.
 * - `field OP value`: a field of the run's root entity (the account in a book
 *   of business, the person in a v0.1 profile): `state=AZ`, `lob_type=Commercial`.
 * - `entity.field OP value`: holds for a unit when at least one record of that
 *   entity in it matches: `vehicle.body_style=Truck`, `person.age=16..20`.
 * - `<plural> OP n`: the number of records of an entity in the unit: `claims>=1`.
 * OP is one of `=` `!=` `<` `<=` `>` `>=`; `a..b` after `=` is an inclusive range.
 */
/** A record as `derive` sees it (the same shape as `EntityRecord`, declared here to keep contracts acyclic). */
type AnyRecord = Record<string, unknown>;

/** A comparison as written in a term. */
export type WhereOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The kinds of value a targetable field holds. */
export type TargetableType = 'enum' | 'string' | 'integer' | 'number' | 'date' | 'boolean';

/** A field a plugin lets `--where` name, and can construct. */
export interface TargetableField {
  readonly type: TargetableType;
  /** For `enum`: the accepted values, as records spell them (matched case-insensitively, stored as spelled here). */
  readonly values?: readonly string[];
  /** One line on what it is, for errors, `--help` and `esdh profiles`. */
  readonly description: string;
  /**
   * A derived field (not stored as such, e.g. `age` from `date_of_birth` on
   * `as_of`): its value for a record. Default: `record[field]`.
   */
  derive?(record: AnyRecord, asOf: string): unknown;
}

/** What a plugin lets `--where` name. */
export interface Targeting {
  /** Fields, by name. */
  readonly fields?: Readonly<Record<string, TargetableField>>;
  /** When present, `<plural> OP n` is accepted: what the count means and the most a unit can have. */
  readonly count?: { readonly description: string; readonly max: number };
}

/**
 * One parsed term. Values are typed by the field (numbers for integer and
 * number fields and counts, booleans, `YYYY-MM-DD` strings for dates, enum
 * values as the plugin spells them). A range `a..b` is `op: '..'` with
 * `value` the low end and `high` the high end, both inclusive.
 */
export interface WhereTerm {
  /** The term as written (trimmed), e.g. `vehicle.body_style=Truck`. */
  readonly text: string;
  /** `field`: a field of `entity`; `count`: the number of records of `entity`. */
  readonly kind: 'field' | 'count';
  /** The singular entity it names (the root entity for a bare field). */
  readonly entity: string;
  /** The field; undefined for a count. */
  readonly field?: string;
  readonly op: WhereOp | '..';
  readonly value: string | number | boolean;
  /** The high end of a range (`op: '..'`). */
  readonly high?: string | number;
}

/** A run's terms, parsed and checked, in the order written. Empty: no targeting. */
export type Where = readonly WhereTerm[];
