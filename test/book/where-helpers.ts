/**
 * Scenario-targeting tests without the engine's parser: terms written as
 * text, parsed here into `WhereTerm`s (the shape engine/contracts/where.ts
 * fixes), handed to a UnitGenerator of the built-in plugins, and every
 * record's own checks and every cross check run over what it made.
 */
import { join } from 'node:path';
import { termAccepts, type Distributions, type EntityPlugin, type EntityRecord, type Where, type WhereTerm } from '../../engine/kit.js';
import { UnitGenerator } from '../../engine/generate/unit-generator.js';
import { ReferenceData } from '../../engine/lib/reference-data.js';
import { SchemaRegistry } from '../../engine/schema/schema-registry.js';
import { builtinPlugins } from '../../plugins/index.js';
import { DEFAULT_CONFIG } from '../../config/defaults.js';
import { packageRoot } from '../helpers/package-root.js';

export const AS_OF = '2025-11-01';
export const MARKER = 'ESDH-SYNTHETIC';
export const data = new ReferenceData([join(packageRoot(), 'data', 'reference')]);
export const schemas = new SchemaRegistry().addFolder(join(packageRoot(), 'schemas'));
export const BOOK = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage'];
export const V01 = ['person', 'vehicle', 'profile'];
const PLURALS: Record<string, string> = Object.fromEntries(builtinPlugins.map((p) => [p.plural, p.name]));

/** One term as the issue writes it, e.g. `state=AZ`, `vehicle.body_style=Truck`, `person.age=16..20`, `claims>=1`. */
export function term(text: string, root = 'account'): WhereTerm {
  const m = /^([a-z_.]+)\s*(!=|<=|>=|=|<|>)\s*(.+)$/.exec(text.trim());
  if (!m) throw new Error(`bad term ${text}`);
  const [, name, op, raw] = m as unknown as [string, string, WhereTerm['op'], string];
  // Numbers for integer fields and counts; ZIPs and makes stay strings (string fields).
  const text_ = /(postal_code|make)$/.test(name);
  const value = (s: string): string | number => (!text_ && /^-?\d+$/.test(s) ? Number(s) : s);
  const range = op === '=' && /^[^.]+\.\.[^.]+$/.test(raw) ? raw.split('..') : null;
  const base = range ? { op: '..' as const, value: value(range[0]!), high: value(range[1]!) } : { op, value: value(raw) };
  if (!name.includes('.') && PLURALS[name]) return { text, kind: 'count', entity: PLURALS[name]!, ...base };
  const [entity, field] = name.includes('.') ? name.split('.') as [string, string] : [root, name];
  return { text, kind: 'field', entity, field, ...base };
}

export function where(text: string, root = 'account'): Where {
  return text === '' ? [] : text.split(',').map((t) => term(t, root));
}

export type Records = Record<string, EntityRecord[]>;

const book = DEFAULT_CONFIG.profiles.book.distributions as unknown as Distributions;

/** A generator of the built-in plugins for `entities` (the book by default) with the terms. */
export function generator(terms: Where | undefined, options: { seed?: number; entities?: readonly string[]; distributions?: Distributions } = {}): UnitGenerator {
  const entities = options.entities ?? BOOK;
  const plugins: EntityPlugin[] = builtinPlugins.filter((p) => entities.includes(p.name));
  return new UnitGenerator(plugins, schemas, data, {
    seed: options.seed ?? 20251101, asOf: AS_OF, marker: MARKER, validate: true, entityOptions: {},
    distributions: options.distributions ?? (entities.includes('account') ? book : {}), ...(terms === undefined ? {} : { where: terms }),
  });
}

/** Units `0..count-1`, each as its records by entity. */
export function units(terms: Where | undefined, count: number, options: Parameters<typeof generator>[1] = {}): Records[] {
  const g = generator(terms, options);
  return Array.from({ length: count }, (_, u) => g.generateUnit(u) as Records);
}

/** Every entity's records of `list`, concatenated. */
export function flatten(list: readonly Records[]): Records {
  const out: Records = {};
  for (const unit of list) for (const [entity, records] of Object.entries(unit)) (out[entity] ??= []).push(...records);
  return out;
}

/** Every record check and cross check of the plugins over `records`: the failures (at most a few per rule). */
export function ruleFailures(records: Records): string[] {
  const failures: string[] = [];
  const ctx = { data, asOf: AS_OF, marker: MARKER };
  const order = builtinPlugins.map((p) => p.name);
  for (const plugin of builtinPlugins) {
    for (const check of plugin.checks ?? []) {
      let shown = 0;
      for (const r of records[plugin.name] ?? []) {
        const problem = check.test(r, ctx);
        if (problem !== null && shown++ < 3) failures.push(`${plugin.name} ${check.name}: ${problem}`);
      }
    }
    if (!plugin.crossChecks) continue;
    const check = plugin.crossChecks(ctx);
    const shown = new Map<string, number>();
    const report = (rule: string, problem: string | null, at: string) => {
      if (problem === null) return;
      const n = shown.get(rule) ?? 0;
      shown.set(rule, n + 1);
      if (n < 3) failures.push(`${rule} at ${at}: ${problem}`);
    };
    for (const entity of order) {
      if (!check.reads.includes(entity)) continue;
      (records[entity] ?? []).forEach((r, i) => check.visit(entity, r, `${entity}:${i + 1}`, report));
    }
    check.finish(report);
  }
  return failures;
}

/** The units of `list` (by index) and terms they do not meet: field terms by some record of the entity (derived fields through the plugin's `derive`), counts by the entity's records. */
export function unmet(list: readonly Records[], terms: Where, asOf = AS_OF): string[] {
  const out: string[] = [];
  list.forEach((unit, u) => {
    for (const t of terms) {
      const records = unit[t.entity] ?? [];
      if (t.kind === 'count') {
        if (!termAccepts(t, records.length)) out.push(`unit ${u}: ${t.text} (${records.length})`);
        continue;
      }
      const field = builtinPlugins.find((p) => p.name === t.entity)?.targeting?.fields?.[t.field!];
      const value = (r: EntityRecord) => (field?.derive ? field.derive(r, asOf) : r[t.field!]);
      if (!records.some((r) => termAccepts(t, value(r)))) out.push(`unit ${u}: ${t.text} (${[...new Set(records.map(value))].slice(0, 5).join(', ')})`);
    }
  });
  return out;
}

/**
 * The claim guarantee (plugins/policy/conditions.ts) on every unit: a term,
 * not a quote, in force on a day of [first, min(last, as_of)] (effective <=
 * day < expiration, day < cancellation), whose first vehicle carries BI and
 * PD or CSL, MEDPAY or PIP, COMP and COLL (and UMBI or UMPD for Personal).
 * Returns the units that break it.
 */
export function claimGuaranteeBroken(list: readonly Records[], first: string, last: string, asOf = AS_OF): string[] {
  const end = last < asOf ? last : asOf;
  const out: string[] = [];
  list.forEach((unit, u) => {
    const vehicles = unit.vehicle ?? [];
    const ok = (unit.policy ?? []).some((p) => {
      if (p.status === 'quote') return false;
      const from = [String(p.effective_date), first].sort()[1]!;
      let to = [String(p.expiration_date), end].sort()[0]!; // exclusive expiration, inclusive end: compare below
      const stop = p.cancellation_date === null ? String(p.expiration_date) : [String(p.cancellation_date), String(p.expiration_date)].sort()[0]!;
      // Some day d with from <= d <= end and d < stop.
      to = end;
      if (!(from <= to && from < stop)) return false;
      const v0 = vehicles[0]?.vehicle_id;
      const codes = new Set((unit.coverage ?? []).filter((c) => c.policy_id === p.policy_id && c.vehicle_id === v0).map((c) => String(c.coverage_code)));
      const liability = (codes.has('BI') && codes.has('PD')) || codes.has('CSL');
      const med = codes.has('MEDPAY') || codes.has('PIP');
      const um = p.lob_type === 'Commercial' || codes.has('UMBI') || codes.has('UMPD');
      return liability && med && um && codes.has('COMP') && codes.has('COLL');
    });
    if (!ok) out.push(`unit ${u}: ${(unit.policy ?? []).map((p) => `${p.status} ${p.effective_date}..${p.expiration_date}${p.cancellation_date ? ` x${p.cancellation_date}` : ''}`).join('; ')}`);
  });
  return out;
}
