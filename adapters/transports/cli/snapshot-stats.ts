/**
 * The distributions of a snapshot, read through the public API: for every
 * entity, the top values of its text fields, min/mean/max of its numbers,
 * the range of its dates, and a few derived measures (driver ages on as_of,
 * vehicle ages). The shape `esdh stats --json` prints (docs/stats.md).
 */
import { type Engine, type JsonSchema, openSnapshot, yearsBetween } from '../../../engine/index.js';

/** Distinct values counted per field before a field is reported as `many` (memory stays bounded). */
export const MAX_DISTINCT = 20_000;

/** Age bands of the `age` measure (driver ages on as_of). */
export const AGE_BANDS: readonly (readonly [number, number])[] = [[16, 24], [25, 34], [35, 44], [45, 54], [55, 64], [65, 74], [75, 84], [85, 90]];

/** One value and how often it occurs. */
export interface ValueCount {
  readonly value: string;
  readonly count: number;
  /** count / records with a value. */
  readonly share: number;
}

/** What one field looks like across an entity's records. */
export type FieldStats =
  | { readonly kind: 'category'; readonly distinct: number; readonly nulls: number; readonly top: readonly ValueCount[] }
  | { readonly kind: 'many'; readonly distinct: string; readonly nulls: number; readonly top: readonly ValueCount[] }
  | { readonly kind: 'key'; readonly values: number; readonly nulls: number }
  | { readonly kind: 'number'; readonly min: number; readonly mean: number; readonly max: number; readonly nulls: number }
  | { readonly kind: 'date'; readonly min: string; readonly max: string; readonly nulls: number };

/** A derived summary: min, mean and max, plus banded counts where it has bands. */
export interface MeasureStats {
  readonly from: string;
  readonly min: number;
  readonly mean: number;
  readonly max: number;
  readonly bands?: readonly { readonly from: number; readonly to: number; readonly count: number; readonly share: number }[];
  /** Share aged 65 or more (the `age` measure). */
  readonly share_65_plus?: number;
}

export interface EntityStats {
  readonly records: number;
  readonly fields: Readonly<Record<string, FieldStats>>;
  readonly derived: Readonly<Record<string, MeasureStats>>;
}

/** `esdh stats --json`. */
export interface SnapshotStats {
  readonly snapshot: string;
  readonly dataset_version: string;
  readonly seed: number;
  readonly as_of: string;
  readonly units: number;
  readonly profile: string;
  /** By plural, in generation order. */
  readonly entities: Readonly<Record<string, EntityStats>>;
}

class FieldTally {
  readonly counts = new Map<string, number>();
  overflow = false;
  nulls = 0;
  seen = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  minText: string | undefined;
  maxText: string | undefined;

  add(value: unknown, kind: 'text' | 'number' | 'date' | 'key'): void {
    if (value === null || value === undefined || value === '') {
      this.nulls++;
      return;
    }
    this.seen++;
    if (kind === 'number') {
      const n = Number(value);
      if (n < this.min) this.min = n;
      if (n > this.max) this.max = n;
      this.sum += n;
    } else if (kind === 'date') {
      const text = String(value);
      if (this.minText === undefined || text < this.minText) this.minText = text;
      if (this.maxText === undefined || text > this.maxText) this.maxText = text;
    }
    if (kind !== 'text') return;
    const text = String(value);
    const count = this.counts.get(text);
    if (count !== undefined) this.counts.set(text, count + 1);
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(text, 1);
    else this.overflow = true;
  }

  top(n: number): ValueCount[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([value, count]) => ({ value, count, share: round(count / this.seen) }));
  }
}

class MeasureTally {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  constructor(readonly from: string, readonly bands?: readonly (readonly [number, number])[]) {}
  readonly inBand = new Map<number, number>();

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.bands) {
      const band = this.bands.findIndex(([from, to]) => value >= from && value <= to);
      if (band >= 0) this.inBand.set(band, (this.inBand.get(band) ?? 0) + 1);
    }
  }

  result(): MeasureStats {
    const base = { from: this.from, min: this.min, mean: round(this.sum / this.count), max: this.max };
    if (!this.bands) return base;
    let over65 = 0;
    const bands = this.bands.map(([from, to], i) => {
      const count = this.inBand.get(i) ?? 0;
      if (from >= 65) over65 += count;
      return { from, to, count, share: round(count / this.count) };
    });
    return { ...base, bands, share_65_plus: round(over65 / this.count) };
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

type FieldKind = 'text' | 'number' | 'date' | 'key';

/** How a schema property is summarised: numbers, dates, keys (ids, unique fields, references), text. */
function kindOf(name: string, property: JsonSchema | undefined, keys: ReadonlySet<string>): FieldKind {
  if (keys.has(name)) return 'key';
  const type = property?.type;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('number') || types.includes('integer')) return 'number';
  if (property?.format === 'date') return 'date';
  return 'text';
}

/**
 * Read `dir` (checksums checked, every record streamed once) and summarise
 * every entity in it.
 * @param top how many values to list per text field
 */
export async function snapshotStats(engine: Engine, dir: string, top = 5): Promise<SnapshotStats> {
  const snapshot = await openSnapshot(dir, { engine, verify: 'checksums' });
  const { manifest } = snapshot;
  const entities: Record<string, EntityStats> = {};
  for (const plural of snapshot.entities) {
    const plugin = engine.registry.get(plural);
    const schema = engine.schemas.schema(plugin.schemaId);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const keys = new Set([plugin.idField, ...(plugin.uniqueFields ?? []), ...Object.keys(plugin.references ?? {})].filter((k): k is string => typeof k === 'string'));
    const fields = engine.schemas.fields(plugin.schemaId);
    const kinds = new Map(fields.map((f) => [f, kindOf(f, properties[f], keys)] as const));
    const tallies = new Map(fields.map((f) => [f, new FieldTally()] as const));
    const derived: Record<string, MeasureTally> = {};
    if (kinds.get('date_of_birth') === 'date') derived.age = new MeasureTally('date_of_birth', AGE_BANDS);
    if (kinds.get('model_year') === 'number') derived.vehicle_age = new MeasureTally('model_year');
    const asOfYear = Number(manifest.as_of.slice(0, 4));
    let records = 0;
    for await (const record of snapshot.records(plural)) {
      records++;
      for (const [field, tally] of tallies) tally.add(record[field], kinds.get(field)!);
      if (derived.age && typeof record.date_of_birth === 'string') derived.age.add(yearsBetween(record.date_of_birth, manifest.as_of));
      if (derived.vehicle_age && record.model_year !== null && record.model_year !== undefined) derived.vehicle_age.add(Math.max(0, asOfYear - Number(record.model_year)));
    }
    const summary: Record<string, FieldStats> = {};
    for (const [field, tally] of tallies) {
      const kind = kinds.get(field)!;
      if (kind === 'number') summary[field] = tally.seen ? { kind, min: tally.min, mean: round(tally.sum / tally.seen), max: tally.max, nulls: tally.nulls } : { kind, min: 0, mean: 0, max: 0, nulls: tally.nulls };
      else if (kind === 'date') summary[field] = { kind, min: tally.minText ?? '', max: tally.maxText ?? '', nulls: tally.nulls };
      else if (kind === 'key') summary[field] = { kind, values: tally.seen, nulls: tally.nulls };
      else if (tally.overflow) summary[field] = { kind: 'many', distinct: `more than ${MAX_DISTINCT}`, nulls: tally.nulls, top: tally.top(top) };
      else summary[field] = { kind: 'category', distinct: tally.counts.size, nulls: tally.nulls, top: tally.top(top) };
    }
    entities[plural] = {
      records,
      fields: summary,
      derived: Object.fromEntries(Object.entries(derived).filter(([, m]) => m.count > 0).map(([name, m]) => [name, m.result()])),
    };
  }
  return { snapshot: snapshot.dir, dataset_version: manifest.dataset_version, seed: manifest.seed, as_of: manifest.as_of, units: manifest.units, profile: manifest.profile, entities };
}
