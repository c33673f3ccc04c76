/**
 * The engine's safety net after each unit: every `--where` term holds. Not
 * a filter (nothing is generated and discarded): a unit that fails is a bug
 * in the plugin that accepted the term, ESDH_ERR_WHERE_UNMET.
 */
import type { EntityPlugin, EntityRecord, UnitRecords } from '../contracts/entity-plugin.js';
import { esdhError } from '../contracts/errors.js';
import type { Where, WhereTerm } from '../contracts/where.js';
import { termAccepts } from '../lib/where-match.js';

/** Checks one unit; throws ESDH_ERR_WHERE_UNMET for the first term it does not meet. */
export type UnitCheck = (unit: UnitRecords, unitIndex: number) => void;

interface CompiledTerm {
  readonly term: WhereTerm;
  readonly entity: string;
  readonly plugin: string;
  /** The field's value of a record (derive for derived fields); undefined for a count. */
  readonly value?: (record: EntityRecord) => unknown;
}

/**
 * The check of the terms, each term's entity and field getter worked out
 * once; null when there are no terms (nothing to do per unit). A term is
 * checked when one of `plugins` declares it (as every parsed term is).
 * @example
 * const check = whereCheck(where, plugins, '2025-11-01');
 * check?.(unit, 7); // throws ESDH_ERR_WHERE_UNMET when unit 7 has no claim and where holds claims>=1
 */
export function whereCheck(where: Where | undefined, plugins: readonly EntityPlugin[], asOf: string): UnitCheck | null {
  if (!where || where.length === 0) return null;
  const compiled: CompiledTerm[] = [];
  for (const term of where) {
    // Parsed terms always name a plugin of the run and what it declares; terms made by hand (a plugin's
    // own tests, a UnitGenerator of some plugins only) are checked where a plugin here declares them.
    const plugin = plugins.find((p) => p.name === term.entity);
    if (term.kind === 'count') {
      if (plugin?.targeting?.count) compiled.push({ term, entity: term.entity, plugin: plugin.name });
      continue;
    }
    const field = term.field!;
    const spec = plugin?.targeting?.fields && Object.hasOwn(plugin.targeting.fields, field) ? plugin.targeting.fields[field] : undefined;
    if (!plugin || !spec) continue;
    const derive = spec.derive;
    compiled.push({ term, entity: term.entity, plugin: plugin.name, value: derive ? (r: EntityRecord) => derive(r, asOf) : (r: EntityRecord) => r[field] });
  }
  if (compiled.length === 0) return null;
  return (unit, unitIndex) => {
    for (const c of compiled) {
      const records = unit[c.entity] ?? [];
      if (c.value === undefined ? termAccepts(c.term, records.length) : anyMatches(c, records)) continue;
      throw esdhError('ESDH_ERR_WHERE_UNMET', unitIndex, `'${c.term.text}'`, c.plugin);
    }
  };
}

function anyMatches(c: CompiledTerm, records: readonly EntityRecord[]): boolean {
  for (const record of records) if (termAccepts(c.term, c.value!(record))) return true;
  return false;
}
