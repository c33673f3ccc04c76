import { type Engine, openSnapshot } from '../../../engine/index.js';
import type { SnapshotStats } from '../cli/snapshot-stats.js';

/** One chart of the studio: labels and one count per label. */
export interface ChartSeries {
  /** Stable name the page and the tests look charts up by (e.g. `ages`, `states`). */
  readonly id: string;
  readonly title: string;
  /** `bar` for categories, `histogram` for numbers in bins, `line` for months. */
  readonly kind: 'bar' | 'histogram' | 'line';
  /** Where the numbers come from: `persons.date_of_birth`. */
  readonly source: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
}

/** Bins of a histogram. */
const BINS = 12;

/**
 * The charts of a snapshot: counts from `esdh stats` (its top values and age
 * bands, with enough values listed to hold every state) plus what stats only
 * summarises as min/mean/max — model years, premiums, severities and claim
 * months — counted from one more read of those files. A chart appears only
 * when its entity and field are in the snapshot.
 */
export async function snapshotCharts(engine: Engine, dir: string, stats: SnapshotStats): Promise<ChartSeries[]> {
  const charts: ChartSeries[] = [];
  const entities = stats.entities;
  const has = (plural: string, field: string) => entities[plural]?.fields[field] !== undefined;
  const top = (id: string, title: string, plural: string, field: string, limit = 60) => {
    const f = entities[plural]?.fields[field];
    if (!f || !('top' in f) || f.top.length === 0) return;
    const items = f.top.slice(0, limit);
    charts.push({ id, title, kind: 'bar', source: `${plural}.${field}`, labels: items.map((v) => v.value), values: items.map((v) => v.count) });
  };

  const people = entities.persons?.derived.age ? 'persons' : Object.keys(entities).find((p) => entities[p]!.derived.age);
  const age = people ? entities[people]!.derived.age : undefined;
  if (age?.bands) charts.push({ id: 'ages', title: 'Driver ages on as_of', kind: 'bar', source: `${people}.date_of_birth`, labels: age.bands.map((b) => `${b.from}-${b.to}`), values: age.bands.map((b) => b.count) });
  top('states', 'Persons by state', 'persons', 'state');
  top('makes', 'Vehicle makes (top 15)', 'vehicles', 'make', 15);
  const lobEntity = ['accounts', 'profiles', 'persons'].find((p) => has(p, 'lob_type'));
  if (lobEntity) top('lob', `Line of business (${lobEntity})`, lobEntity, 'lob_type');
  top('coverages', 'Coverages by code', 'coverages', 'coverage_code');
  top('claim_causes', 'Claims by cause', 'claims', 'loss_cause');

  // What stats keeps only as min/mean/max: counted here.
  const wanted: Array<{ plural: string; field: string; build: (values: unknown[]) => ChartSeries | undefined }> = [
    { plural: 'vehicles', field: 'model_year', build: (v) => counted('model_years', 'Vehicles by model year', 'vehicles.model_year', v.map((x) => String(x)), true) },
    { plural: 'policies', field: 'total_premium', build: (v) => histogram('premiums', 'Policy total premium', 'policies.total_premium', v.map(Number)) },
    { plural: 'claims', field: 'loss_date', build: (v) => months(counted('claim_months', 'Claims by loss month', 'claims.loss_date', v.map((x) => String(x).slice(0, 7)), true, 'line')) },
    { plural: 'claim_exposures', field: 'paid_indemnity', build: (v) => histogram('severities', 'Claim severity (paid indemnity, exposures with a payment)', 'claim_exposures.paid_indemnity', v.map(Number).filter((x) => x > 0)) },
  ];
  const present = wanted.filter((w) => has(w.plural, w.field));
  if (present.length > 0) {
    const snapshot = await openSnapshot(dir, { engine, verify: 'checksums' });
    for (const w of present) {
      const values: unknown[] = [];
      for await (const record of snapshot.records(w.plural)) {
        const value = record[w.field];
        if (value !== null && value !== undefined && value !== '') values.push(value);
      }
      const chart = w.build(values);
      if (chart) charts.push(chart);
    }
  }
  const order = ['ages', 'states', 'makes', 'model_years', 'lob', 'coverages', 'premiums', 'claim_causes', 'claim_months', 'severities'];
  return charts.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** Count per distinct value, in label order when `sorted`. */
function counted(id: string, title: string, source: string, values: string[], sorted: boolean, kind: ChartSeries['kind'] = 'bar'): ChartSeries | undefined {
  if (values.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const labels = [...counts.keys()];
  if (sorted) labels.sort();
  return { id, title, kind, source, labels, values: labels.map((l) => counts.get(l)!) };
}

/** Every month from the first to the last (`YYYY-MM`), 0 where nothing happened: a time axis without gaps. */
function months(chart: ChartSeries | undefined): ChartSeries | undefined {
  if (!chart || !chart.labels.every((l) => /^\d{4}-\d{2}$/.test(l))) return chart;
  const counts = new Map(chart.labels.map((l, i) => [l, chart.values[i]!]));
  const labels: string[] = [];
  let [year, month] = chart.labels[0]!.split('-').map(Number) as [number, number];
  const last = chart.labels[chart.labels.length - 1]!;
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    labels.push(label);
    if (label >= last) break;
    month++;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return { ...chart, labels, values: labels.map((l) => counts.get(l) ?? 0) };
}

/**
 * Numbers in BINS equal bins from the smallest to the 98th percentile, the
 * last bin open-ended (`x+`) so a long tail (a few fleet policies among
 * households) does not squeeze the rest into one bar; one bin when all are equal.
 */
export function histogram(id: string, title: string, source: string, values: number[]): ChartSeries | undefined {
  const numbers = values.filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  if (numbers.length === 0) return undefined;
  const min = numbers[0]!;
  const max = numbers[numbers.length - 1]!;
  const p98 = numbers[Math.floor((numbers.length - 1) * 0.98)]!;
  const tail = p98 > min && p98 < max;
  const top = tail ? p98 : max;
  const bins = top === min ? 1 : BINS;
  const width = (top - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const n of numbers) counts[Math.min(bins - 1, Math.floor((n - min) / width))]!++;
  const label = (i: number) => (i === bins - 1 && tail ? `${fmt(min + i * width)}+` : `${fmt(min + i * width)}–${fmt(i === bins - 1 ? max : min + (i + 1) * width)}`);
  return { id, title, kind: 'histogram', source, labels: counts.map((_, i) => label(i)), values: counts };
}

function fmt(n: number): string {
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 100) / 100);
}
