import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { esdhError, EsdhError } from './errors.js';
import type { Artifact, Exporter, ExportSink, ExportTarget } from './exporter.js';
import type { DatasetMetadata } from './generated/dataset-metadata.js';
import { manifestFileName, type ShardInfo, type SnapshotManifest } from './manifest.js';
import type { EntityRecord } from './plugin.js';
import { snapshotReadme } from './snapshot-readme.js';

/** Progress of a run, reported once per batch. */
export interface RunProgress {
  readonly unitsDone: number;
  readonly unitsTotal: number;
}

/** Units in one batch handed to the exporters: large enough to amortise awaits, small enough to keep memory flat. */
export const BATCH_UNITS = 512;

/** A source of record batches for units [start, end), in unit order. */
export type BatchSource = (start: number, end: number) => AsyncIterable<Record<string, EntityRecord[]>>;

export interface SnapshotJob {
  readonly out: string;
  readonly target: Omit<ExportTarget, 'dir'>;
  readonly exporters: readonly Exporter[];
  readonly unitStart: number;
  readonly unitEnd: number;
  readonly batches: BatchSource;
  readonly metadata: (counts: Record<string, number>) => DatasetMetadata;
  readonly manifest: (artifacts: Artifact[], counts: Record<string, number>) => Omit<SnapshotManifest, 'run'>;
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface SnapshotResult {
  readonly dir: string;
  readonly manifest: SnapshotManifest;
}

/**
 * Write a snapshot into a temporary folder beside `out`, then rename it into
 * place: a failed or interrupted run leaves nothing at `out` and no temp folder.
 */
export async function writeSnapshot(job: SnapshotJob): Promise<SnapshotResult> {
  const started = Date.now();
  const out = resolve(job.out);
  if (existsSync(out)) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', out);
  const parent = dirname(out);
  const temp = join(parent, `.${basename(out)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp);
  } catch (error) {
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', out, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }

  const sinks: ExportSink[] = [];
  try {
    const target: ExportTarget = { ...job.target, dir: temp };
    for (const exporter of job.exporters) sinks.push(await exporter.open(target));
    const counts: Record<string, number> = Object.fromEntries(job.target.entities.map((e) => [e.plural, 0]));
    const pluralOf = new Map(job.target.entities.map((e) => [e.name, e.plural]));
    const total = job.unitEnd - job.unitStart;
    let done = 0;
    for await (const batch of job.batches(job.unitStart, job.unitEnd)) {
      if (job.signal?.aborted) throw job.signal.reason ?? new Error('aborted');
      for (const sink of sinks) await sink.write(batch);
      for (const [entity, records] of Object.entries(batch)) {
        const plural = pluralOf.get(entity);
        if (plural) counts[plural]! += records.length;
      }
      done += batchUnits(batch, job.target.entities[0]?.name);
      job.onProgress?.({ unitsDone: Math.min(done, total), unitsTotal: total });
    }
    const metadata = job.metadata(counts);
    const artifacts: Artifact[] = [];
    for (const sink of sinks) artifacts.push(...(await sink.close(metadata)));
    sinks.length = 0;

    const readmeName = `README_SNAPSHOT_${job.target.fileSuffix.toUpperCase()}.md`;
    const manifestName = manifestFileName(job.target.fileSuffix);
    const draft = job.manifest(artifacts, counts);
    const readme = snapshotReadme({ ...draft, artifacts }, manifestName);
    await writeFile(join(temp, readmeName), readme);
    artifacts.push({ file: readmeName, role: 'readme', format: 'markdown', records: 0, bytes: Buffer.byteLength(readme), sha256: createHash('sha256').update(readme).digest('hex') });

    const manifest: SnapshotManifest = {
      ...draft,
      artifacts,
      run: { generated_at: new Date().toISOString(), duration_ms: Date.now() - started, node: process.version, ...(job.workers ? { workers: job.workers } : {}) },
    };
    await writeFile(join(temp, manifestName), JSON.stringify(manifest, null, 2) + '\n');
    if (existsSync(out)) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', out);
    await rename(temp, out);
    return { dir: out, manifest };
  } catch (error) {
    for (const sink of sinks) await sink.abort().catch(() => undefined);
    await rm(temp, { recursive: true, force: true });
    if (error instanceof EsdhError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', out, code);
    throw error;
  }
}

/** Units in a batch = records of the root entity (one per unit). */
function batchUnits(batch: Record<string, EntityRecord[]>, rootEntity: string | undefined): number {
  return rootEntity ? batch[rootEntity]?.length ?? 0 : 0;
}
