/**
 * `esdh verify` on a snapshot made with `--where`: every unit meets every
 * term of the manifest's `where`, counted per term (rule `where: <term>`:
 * checked = units, failed = units that miss it). A record finds its unit by
 * its references, followed to the root record (a vehicle's person_id, a
 * claim's policy_id → the policy's account_id); only runs with terms pay
 * for the maps this needs.
 */
import type { EntityPlugin, EntityRecord } from '../contracts/entity-plugin.js';
import { EsdhError } from '../contracts/errors.js';
import type { WhereTerm } from '../contracts/where.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';
import { parseWhere } from '../generate/where-parse.js';
import { termAccepts } from '../lib/where-match.js';
import type { RuleBook } from './rule-book.js';

interface Tallied {
  readonly term: WhereTerm;
  /** Units that have a record meeting it (field terms), or records per unit (counts). */
  readonly hits: Map<unknown, number>;
  readonly value?: (record: EntityRecord) => unknown;
}

/** Tallies records into units and terms; `finish` writes one rule per term. */
export class WhereTally {
  private readonly root: EntityPlugin;
  private readonly terms: Tallied[];
  private readonly units: unknown[] = [];
  /** `entity.field` → key value → unit, for the keys other records reference. */
  private readonly unitOf = new Map<string, Map<unknown, unknown>>();
  private readonly unplaced = new Map<string, number>();

  private constructor(private readonly texts: readonly string[], plugins: readonly EntityPlugin[], where: readonly WhereTerm[], asOf: string, private readonly referenced: ReadonlySet<string>) {
    this.root = plugins[0]!;
    this.terms = where.map((term) => {
      const derive = term.field === undefined ? undefined : plugins.find((p) => p.name === term.entity)?.targeting?.fields?.[term.field]?.derive;
      const field = term.field;
      return { term, hits: new Map(), ...(field === undefined ? {} : { value: derive ? (r: EntityRecord) => derive(r, asOf) : (r: EntityRecord) => r[field] }) };
    });
  }

  /**
   * A tally for the manifest's terms, or null without terms. Terms this
   * engine no longer accepts are one failed `where` check each.
   */
  static of(texts: readonly string[] | undefined, entities: readonly string[], registry: PluginRegistry, asOf: string, referenced: ReadonlySet<string>, book: RuleBook, manifestFile: string): WhereTally | null {
    if (!texts || texts.length === 0) return null;
    const plugins = registry.order(entities.filter((e) => registry.has(e)));
    try {
      return new WhereTally(texts, plugins, parseWhere(texts, plugins, { registered: registry.all() }), asOf, referenced);
    } catch (error) {
      if (!(error instanceof EsdhError)) throw error;
      book.record('where', "the manifest's --where terms are ones this engine's plugins accept", error.message, manifestFile);
      return null;
    }
  }

  /** One record of the checked copy, in reading order (dependencies first). */
  visit(plugin: EntityPlugin, record: EntityRecord): void {
    let unit: unknown;
    if (plugin.name === this.root.name) {
      unit = record[plugin.idField ?? ''] ?? this.units.length;
      this.units.push(unit);
    } else {
      for (const [field, target] of Object.entries(plugin.references ?? {})) {
        unit = this.unitOf.get(target)?.get(record[field]);
        if (unit !== undefined) break;
      }
      if (unit === undefined) {
        this.unplaced.set(plugin.name, (this.unplaced.get(plugin.name) ?? 0) + 1);
        return;
      }
    }
    for (const key of this.referenced) {
      if (!key.startsWith(`${plugin.name}.`)) continue;
      let map = this.unitOf.get(key);
      if (!map) this.unitOf.set(key, (map = new Map()));
      map.set(record[key.slice(plugin.name.length + 1)], unit);
    }
    for (const t of this.terms) {
      if (t.term.entity !== plugin.name) continue;
      if (t.value === undefined) t.hits.set(unit, (t.hits.get(unit) ?? 0) + 1);
      else if (termAccepts(t.term, t.value(record))) t.hits.set(unit, 1);
    }
  }

  /** One rule per term: each unit checked once. */
  finish(book: RuleBook, manifestFile: string): void {
    this.texts.forEach((text, i) => {
      const t = this.terms[i];
      if (!t) return;
      const rule = `where: ${text}`;
      const description = `every unit meets the --where term ${text}`;
      const unplaced = this.unplaced.get(t.term.entity);
      if (unplaced) book.record(rule, description, `${unplaced} ${t.term.entity} records reference no record of a unit: which unit they belong to cannot be told`, manifestFile);
      for (const unit of this.units) {
        const hits = t.hits.get(unit) ?? 0;
        const met = t.value === undefined ? termAccepts(t.term, hits) : hits > 0;
        book.record(rule, description, met ? null : `unit ${String(unit)} does not meet ${text}`, manifestFile);
      }
    });
  }
}
