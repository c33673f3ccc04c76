import { esdhError } from '../contracts/errors.js';
import type { KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Artifact, BatchCounts, DatasetFacts, EncodedBatch, Exporter, ExportSink, ExportTarget, RecordBatch } from '../contracts/exporter.js';
import { manifestFileName, type SnapshotManifest } from '../contracts/manifest.js';
import { README_ROLE } from './artifact-exporters.js';
import { intoNewFolder, sha256OfText } from './folder.js';
import { readmeFileName, snapshotReadme } from './readme.js';
import { signatureFileName, signManifest } from './signature.js';
import { sourceCommit } from '../lib/source-commit.js';

/** Progress of a run, reported once per batch. */
export interface RunProgress {
  readonly unitsDone: number;
  readonly unitsTotal: number;
}

/** Units in one batch handed to the exporters: large enough to amortise awaits, small enough to keep memory flat. */
export const BATCH_UNITS = 512;

/** One batch as the writer gets it, in unit order. */
export interface ProducedBatch {
  /** Units in the batch. */
  readonly units: number;
  /** Records per entity name. */
  readonly counts: BatchCounts;
  /** The records, for exporters that take records (always present when `encoded` is not). */
  readonly records?: RecordBatch;
  /** Per exporter (same order as the job's exporters): its encoded streams, when made elsewhere (a worker). */
  readonly encoded?: readonly (EncodedBatch | undefined)[];
}

/** A source of batches for units [start, end), in unit order. */
export type BatchProducer = (start: number, end: number) => AsyncIterable<ProducedBatch>;

export interface SnapshotJob {
  readonly out: string;
  readonly target: Omit<ExportTarget, 'dir'>;
  readonly exporters: readonly Exporter[];
  readonly unitStart: number;
  readonly unitEnd: number;
  readonly produce: BatchProducer;
  /** The dataset's facts for the final counts (what sinks close with). */
  readonly facts: (counts: Record<string, number>) => DatasetFacts;
  readonly manifest: (artifacts: Artifact[], counts: Record<string, number>) => Omit<SnapshotManifest, 'run'>;
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Sign the manifest with this Ed25519 private key: `<manifest>.sig` is written beside it, inside the same folder swap. */
  readonly signKey?: KeyObject;
}

export interface SnapshotResult {
  readonly dir: string;
  readonly manifest: SnapshotManifest;
  /** The detached signature file (`snapshot_manifest_v0_1.json.sig`) when the run was signed. */
  readonly signature?: string;
}

/**
 * Write a snapshot into a temporary folder beside `out`, then rename it into
 * place: a failed or interrupted run leaves nothing at `out` and no temp folder.
 */
export async function writeSnapshot(job: SnapshotJob): Promise<SnapshotResult> {
  const started = Date.now();
  const out = resolve(job.out);
  const sinks: ExportSink[] = [];
  const abortSinks = async () => {
    for (const sink of sinks) await sink.abort().catch(() => undefined);
  };
  return intoNewFolder(out, async (temp) => {
    const target: ExportTarget = { ...job.target, dir: temp };
    for (const exporter of job.exporters) {
      const sink = await exporter.open(target);
      sinks.push(sink);
      if (exporter.encoder && !sink.writeEncoded) throw esdhError('ESDH_ERR_EXPORTER_INVALID', exporter.name, 'it has an encoder, so its sink must take encoded batches (writeEncoded)');
    }
    const counts: Record<string, number> = Object.fromEntries(job.target.entities.map((e) => [e.plural, 0]));
    const pluralOf = new Map(job.target.entities.map((e) => [e.name, e.plural]));
    const total = job.unitEnd - job.unitStart;
    let done = 0;
    for await (const batch of job.produce(job.unitStart, job.unitEnd)) {
      if (job.signal?.aborted) throw job.signal.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal');
      let pending: Promise<void>[] | undefined;
      for (let i = 0; i < sinks.length; i++) {
        const sink = sinks[i]!;
        const encoded = batch.encoded?.[i];
        const wait = encoded && sink.writeEncoded ? sink.writeEncoded(encoded, batch.counts) : sink.write(batch.records!);
        if (wait) (pending ??= []).push(wait);
      }
      if (pending) await Promise.all(pending);
      for (const entity in batch.counts) {
        const plural = pluralOf.get(entity);
        if (plural) counts[plural]! += batch.counts[entity]!;
      }
      done += batch.units;
      job.onProgress?.({ unitsDone: Math.min(done, total), unitsTotal: total });
    }
    const facts = job.facts(counts);
    const artifacts: Artifact[] = [];
    for (const sink of sinks) artifacts.push(...(await sink.close(facts)));
    sinks.length = 0;

    const readmeName = readmeFileName(job.target.fileSuffix);
    const manifestName = manifestFileName(job.target.fileSuffix);
    const draft = job.manifest(artifacts, counts);
    const readme = snapshotReadme({ ...draft, artifacts }, manifestName, job.exporters, { entities: job.target.entities, facts });
    await writeFile(join(temp, readmeName), readme);
    artifacts.push({ file: readmeName, role: README_ROLE, format: 'markdown', records: 0, bytes: Buffer.byteLength(readme), sha256: sha256OfText(readme) });

    const manifest: SnapshotManifest = {
      ...draft,
      artifacts,
      run: { generated_at: new Date().toISOString(), duration_ms: Date.now() - started, node: process.version, ...(job.workers ? { workers: job.workers } : {}), ...sourceOf() },
    };
    const signature = await writeManifest(temp, manifestName, manifest, job.signKey);
    return { dir: out, manifest, ...(signature ? { signature: join(out, signature) } : {}) };
  }, abortSinks);
}

/** The manifest's `run.source_commit`, when ESDH runs from a git checkout. */
export function sourceOf(): { source_commit?: string } {
  const commit = sourceCommit();
  return commit ? { source_commit: commit } : {};
}

/**
 * Write the manifest into the (temporary) snapshot folder and, with a key,
 * its detached signature of exactly those bytes; returns the signature's
 * file name when one was written.
 */
export async function writeManifest(dir: string, manifestName: string, manifest: SnapshotManifest, signKey: KeyObject | undefined): Promise<string | undefined> {
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  await writeFile(join(dir, manifestName), bytes);
  if (!signKey) return undefined;
  const signature = signatureFileName(manifestName);
  await writeFile(join(dir, signature), signManifest(bytes, signKey));
  return signature;
}
