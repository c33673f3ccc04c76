import { statSync } from 'node:fs';
import { join } from 'node:path';
import { LruMap, type Engine, type SnapshotManifest } from '../../../engine/index.js';
import { snapshotStats, type SnapshotStats } from '../cli/snapshot-stats.js';
import type { SnapshotEntry } from './snapshot-catalog.js';
import { type ChartSeries, snapshotCharts } from './snapshot-charts.js';

/** Values listed per text field: enough for every state (51) and every coverage code. */
export const STATS_TOP = 60;

/** One rule of the verify report, with its pass rate. */
export interface RuleView {
  readonly rule: string;
  readonly description: string;
  readonly checked: number;
  readonly failed: number;
  /** (checked - failed) / checked; 1 when nothing was checked. */
  readonly pass_rate: number;
  readonly examples: readonly string[];
}

/** GET /snapshots/:id and the data of `esdh report`: what the explore view draws. */
export interface SnapshotView {
  readonly id: string;
  readonly manifest: SnapshotManifest;
  readonly verify: { readonly ok: boolean; readonly signature: unknown; readonly rules: readonly RuleView[] };
  readonly stats: SnapshotStats;
  readonly charts: readonly ChartSeries[];
  /** The files of the snapshot (manifest artifacts): name, format, entity, records, bytes, sha256. */
  readonly files: readonly { readonly file: string; readonly format: string; readonly entity?: string; readonly records?: number; readonly bytes: number; readonly sha256: string }[];
}

/**
 * Verify the snapshot (every rule, as `esdh verify`), take its stats (as
 * `esdh stats`, STATS_TOP values per field) and its charts. Reads the files
 * about three times: fine for the snapshots a person explores; the server
 * caches the result per snapshot (ViewCache).
 */
export async function snapshotView(engine: Engine, id: string, dir: string): Promise<SnapshotView> {
  const report = await engine.verify(dir);
  const stats = await snapshotStats(engine, dir, STATS_TOP);
  const charts = await snapshotCharts(engine, dir, stats);
  const manifest = report.manifest!;
  return {
    id,
    manifest,
    verify: {
      ok: report.ok,
      signature: report.signature,
      rules: report.rules.map((r) => ({ rule: r.rule, description: r.description, checked: r.checked, failed: r.failed, pass_rate: r.checked === 0 ? 1 : Math.round(((r.checked - r.failed) / r.checked) * 10_000) / 10_000, examples: r.examples })),
    },
    stats: { ...stats, snapshot: id },
    charts,
    files: manifest.artifacts.map((a) => ({ file: a.file, format: a.format, ...(a.entity === undefined ? {} : { entity: a.entity }), ...(a.records === undefined ? {} : { records: a.records }), bytes: a.bytes, sha256: a.sha256 })),
  };
}

/**
 * Views by snapshot, each computed once: keyed by folder and the manifest's
 * size and modification time, so a folder replaced by a new run is read
 * again. At most `limit` views are kept (the least recently used is dropped).
 */
export class ViewCache {
  private readonly views: LruMap<string, Promise<SnapshotView>>;
  constructor(private readonly engine: Engine, limit = 16) {
    this.views = new LruMap(limit, 'ViewCache');
  }

  get(entry: SnapshotEntry): Promise<SnapshotView> {
    const key = this.keyOf(entry);
    let view = this.views.get(key);
    if (!view) {
      view = snapshotView(this.engine, entry.id, entry.path);
      this.views.set(key, view);
      // A failed view is not kept: the next request tries again.
      view.catch(() => this.views.delete(key));
    }
    return view;
  }

  private keyOf(entry: SnapshotEntry): string {
    const manifest = join(entry.path, `snapshot_manifest_${entry.dataset_version.replace(/\./g, '_')}.json`);
    try {
      const s = statSync(manifest);
      return `${entry.id}\0${entry.path}\0${s.size}\0${s.mtimeMs}`;
    } catch {
      return `${entry.id}\0${entry.path}`;
    }
  }
}
