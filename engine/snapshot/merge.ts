/**
 * `esdh merge`: shards of one run (`esdh run --shard k/N`) joined into the
 * snapshot a single run would have written, data files byte for byte:
 *
 * - CSV: the first shard's file, then every other shard's rows (its header
 *   line dropped; headers must match).
 * - NDJSON: the shards' files one after the other.
 * - dataset_v0_1.json: rebuilt. Each shard's list of an entity is the
 *   `\n<record>,\n<record>...` between `[` and `\n]`; the merged list is the
 *   non-empty ones joined with `,`, behind metadata with the run's counts.
 * - metadata_v0_1.json: the first shard's, with the run's counts.
 *
 * Refused, each with its own code: a folder that is not a shard, shards of
 * different runs (seed, as_of, versions, formats, entities...), and a set of
 * shards with gaps or overlaps. Every input file is checked against its
 * shard's manifest (bytes and sha256) while it is read.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { datasetHead, DATASET_TAIL, listHead, listTail, metadataFileText } from '../../adapters/exporters/json-exporter.js';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { Artifact } from '../contracts/exporter.js';
import { FileSink } from '../lib/file-sink.js';
import type { DatasetMetadata } from '../generated/dataset-metadata.js';
import { manifestFileName, type ShardInfo, type SnapshotManifest } from '../contracts/manifest.js';
import { shardRange } from '../generate/shard-range.js';
import { intoNewFolder, sha256OfText } from './folder.js';
import { artifactPath, isInsideFolder, snapshotFolder } from './artifact-path.js';
import { snapshotReadme } from './readme.js';
import { readManifest } from './read-snapshot.js';
import type { SnapshotResult } from './write-snapshot.js';

/** One shard that went into a merged snapshot. */
export interface MergedShard {
  readonly index: number;
  readonly count: number;
  readonly unit_start: number;
  readonly unit_end: number;
  /** The shard folder as given to merge. */
  readonly dir: string;
  /** sha256 of the shard's manifest file. */
  readonly manifest_sha256: string;
  /** When the shard was generated (its manifest's run.generated_at). */
  readonly generated_at: string;
}

/** A merged snapshot's manifest: an unsharded run's, plus where it came from. */
export type MergedManifest = SnapshotManifest & { readonly merged_from: readonly MergedShard[] };

export interface MergeOptions {
  /** The snapshot folder to create; it must not exist. */
  readonly out: string;
  readonly signal?: AbortSignal;
  /** Called after each file, with bytes merged so far and in total. */
  readonly onProgress?: (progress: { readonly bytesDone: number; readonly bytesTotal: number }) => void;
}

interface Shard {
  readonly dir: string;
  readonly manifest: SnapshotManifest;
  readonly manifestFile: string;
  readonly info: ShardInfo;
}

/** What must be equal in every shard of one run (data-deciding fields first). */
const SAME_RUN: readonly [string, (m: SnapshotManifest) => unknown][] = [
  ['seed', (m) => m.seed],
  ['as_of', (m) => m.as_of],
  ['dataset_version', (m) => m.dataset_version],
  ['engine version', (m) => m.engine?.version],
  ['entities', (m) => m.entities],
  ['formats', (m) => m.formats],
  ['plugins (versions and schema hashes)', (m) => m.plugins],
  ['synthetic_source', (m) => m.synthetic_source],
  ['validation', (m) => m.validation],
  ['shard count', (m) => m.shard?.count],
  ['run units', (m) => m.shard?.run_units],
];

/**
 * Merge shard folders (any order) into one snapshot folder at `options.out`.
 * @example
 * const { manifest } = await mergeShards(['/tmp/s2', '/tmp/s1'], { out: '/tmp/all' });
 * // manifest.shard → null; manifest.merged_from.length → 2
 */
export async function mergeShards(dirs: readonly string[], options: MergeOptions): Promise<SnapshotResult & { manifest: MergedManifest }> {
  const started = Date.now();
  if (dirs.length === 0) throw esdhError('ESDH_ERR_SHARD_COVERAGE', 'no shard folders were given');
  const shards = checkShards(dirs.map(loadShard));
  const first = shards[0]!;
  const out = resolve(options.out);
  for (const s of shards) if (isInsideFolder(out, s.dir)) throw esdhError('ESDH_ERR_SHARD_INVALID', s.dir, `the output folder ${out} is inside it: choose an --out folder outside every shard folder`);
  const open: FileSink[] = [];
  const closeOpen = async () => {
    for (const sink of open) await sink.destroy().catch(() => undefined);
  };
  return intoNewFolder(out, async (temp) => {
    const counts = mergedCounts(shards);
    const dataArtifacts = first.manifest.artifacts.filter((a) => a.role !== 'readme');
    const bytesTotal = shards.reduce((sum, s) => sum + s.manifest.artifacts.filter((a) => a.role !== 'readme').reduce((t, a) => t + a.bytes, 0), 0);
    let bytesDone = 0;
    const metadata = first.manifest.formats.includes('json') ? mergedMetadata(first, counts) : undefined;
    const artifacts: Artifact[] = [];
    for (const artifact of dataArtifacts) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      const sink = new FileSink(artifactPath(temp, artifact.file));
      open.push(sink);
      const inputs = shards.map((s) => inputOf(s, artifact.role));
      if (artifact.format === 'csv') await mergeCsv(inputs, sink);
      else if (artifact.format === 'ndjson') for (const input of inputs) await copyChecked(input, sink);
      else if (artifact.role === 'dataset_json') await mergeDataset(inputs, first.manifest, metadata!, sink);
      else if (artifact.role === 'metadata_json') {
        for (const input of inputs) await copyChecked(input, null);
        await sink.write(metadataFileText(metadata!));
      } else {
        throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, `its ${artifact.format} file ${artifact.file} (role ${artifact.role}) is not a format merge knows (csv, ndjson, json)`);
      }
      const digest = await sink.end();
      open.pop();
      const records = shards.reduce((sum, s) => sum + (s.manifest.artifacts.find((a) => a.role === artifact.role)?.records ?? 0), 0);
      artifacts.push({ ...artifact, records, ...digest });
      bytesDone += inputs.reduce((sum, i) => sum + i.artifact.bytes, 0);
      options.onProgress?.({ bytesDone, bytesTotal });
    }

    const suffix = first.manifestFile.replace(/^snapshot_manifest_/, '').replace(/\.json$/, '');
    const manifestName = manifestFileName(suffix);
    const readmeArtifact = first.manifest.artifacts.find((a) => a.role === 'readme');
    const { run: _run, ...base } = first.manifest;
    const draft: Omit<SnapshotManifest, 'run'> = {
      ...base,
      record_counts: counts,
      units: first.info.run_units,
      shard: null,
      artifacts,
      regenerate: first.manifest.regenerate.replace(/ --shard \d+\/\d+/, ''),
    };
    if (readmeArtifact) {
      const readme = snapshotReadme(draft, manifestName);
      await writeFile(artifactPath(temp, readmeArtifact.file), readme);
      artifacts.push({ ...readmeArtifact, bytes: Buffer.byteLength(readme), sha256: sha256OfText(readme) });
    }
    const merged_from: MergedShard[] = shards.map((s) => ({
      index: s.info.index,
      count: s.info.count,
      unit_start: s.info.unit_start,
      unit_end: s.info.unit_end,
      dir: s.dir,
      manifest_sha256: sha256OfText(readFileText(join(s.dir, s.manifestFile))),
      generated_at: s.manifest.run?.generated_at ?? '',
    }));
    const manifest: MergedManifest = {
      ...draft,
      artifacts,
      merged_from,
      run: { generated_at: new Date().toISOString(), duration_ms: Date.now() - started, node: process.version },
    };
    await writeFile(join(temp, manifestName), JSON.stringify(manifest, null, 2) + '\n');
    return { dir: out, manifest };
  }, closeOpen);
}

function loadShard(dir: string): Shard {
  const abs = resolve(dir);
  let read: ReturnType<typeof readManifest>;
  try {
    read = readManifest(snapshotFolder(abs));
  } catch (error) {
    if (error instanceof EsdhError) throw esdhError('ESDH_ERR_SHARD_INVALID', abs, error.message.replace(/^'[^']*' is not a readable snapshot: /, ''));
    throw error;
  }
  const { manifest, file } = read;
  if (!manifest.shard) throw esdhError('ESDH_ERR_SHARD_INVALID', abs, 'it is not a shard (its manifest has no shard section): make shards with esdh run --shard k/N');
  for (const artifact of manifest.artifacts) artifactPath(abs, artifact.file);
  return { dir: abs, manifest, manifestFile: file, info: manifest.shard };
}

/** Same run, each shard once, no gaps: returns the shards in unit order. */
function checkShards(shards: Shard[]): Shard[] {
  const first = shards[0]!;
  for (const shard of shards.slice(1)) {
    for (const [field, pick] of SAME_RUN) {
      const a = JSON.stringify(pick(first.manifest));
      const b = JSON.stringify(pick(shard.manifest));
      if (a !== b) throw esdhError('ESDH_ERR_SHARD_MISMATCH', field, a, first.dir, b, shard.dir);
    }
  }
  const sorted = [...shards].sort((a, b) => a.info.index - b.info.index);
  const { count, run_units } = first.info;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.info.index === sorted[i - 1]!.info.index) {
      throw esdhError('ESDH_ERR_SHARD_COVERAGE', `shard ${sorted[i]!.info.index} of ${count} is given twice (${sorted[i - 1]!.dir} and ${sorted[i]!.dir}): its units would be merged twice`);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !sorted.some((s) => s.info.index === k));
  if (missing.length > 0) {
    throw esdhError('ESDH_ERR_SHARD_COVERAGE', `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} ${missing.length > 1 ? 'are' : 'is'} missing: generate ${missing.length > 1 ? 'them' : 'it'} with esdh run --shard ${missing[0]}/${count} (same seed, as_of and records)`);
  }
  let next = 0;
  for (const s of sorted) {
    const expected = shardRange({ index: s.info.index, count }, run_units);
    if (s.info.unit_start !== next || s.info.unit_start !== expected.unit_start || s.info.unit_end !== expected.unit_end) {
      throw esdhError('ESDH_ERR_SHARD_COVERAGE', `shard ${s.info.index} of ${count} in ${s.dir} covers units ${s.info.unit_start}..${s.info.unit_end - 1}, expected ${expected.unit_start}..${expected.unit_end - 1} (units ${next} onwards are next): its units overlap or leave a gap`);
    }
    if (s.manifest.units !== s.info.unit_end - s.info.unit_start) {
      throw esdhError('ESDH_ERR_SHARD_INVALID', s.dir, `its manifest says ${s.manifest.units} units but its shard section covers ${s.info.unit_end - s.info.unit_start}`);
    }
    next = s.info.unit_end;
  }
  if (next !== run_units) throw esdhError('ESDH_ERR_SHARD_COVERAGE', `the shards end at unit ${next}, the run has ${run_units}`);
  for (const s of sorted) {
    const roles = s.manifest.artifacts.map((a) => a.role).join(',');
    const expected = first.manifest.artifacts.map((a) => a.role).join(',');
    if (roles !== expected) throw esdhError('ESDH_ERR_SHARD_MISMATCH', 'files', expected, first.dir, roles, s.dir);
  }
  return sorted;
}

/** Record counts of the whole run, keyed in the first shard's order. */
function mergedCounts(shards: readonly Shard[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of Object.keys(shards[0]!.manifest.record_counts)) counts[key] = 0;
  for (const s of shards) for (const [key, n] of Object.entries(s.manifest.record_counts)) counts[key] = (counts[key] ?? 0) + n;
  return counts;
}

/** The first shard's metadata with the run's counts (same keys, same order). */
function mergedMetadata(first: Shard, counts: Record<string, number>): DatasetMetadata {
  const file = first.manifest.artifacts.find((a) => a.role === 'metadata_json');
  if (!file) throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, 'its manifest lists no metadata_json file');
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse(readFileText(artifactPath(first.dir, file.file))) as Record<string, unknown>;
  } catch (error) {
    throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, `${file.file} is not valid JSON: ${(error as Error).message}`);
  }
  for (const key of Object.keys(metadata)) {
    if (key === 'record_counts') metadata[key] = { ...counts };
    else if (key.startsWith('record_count_')) metadata[key] = counts[key.slice('record_count_'.length)] ?? 0;
  }
  return metadata as unknown as DatasetMetadata;
}

interface Input {
  readonly shard: Shard;
  readonly artifact: Artifact;
  readonly path: string;
}

function inputOf(shard: Shard, role: string): Input {
  const artifact = shard.manifest.artifacts.find((a) => a.role === role)!;
  const path = artifactPath(shard.dir, artifact.file);
  if (!existsSync(path)) throw esdhError('ESDH_ERR_SHARD_INVALID', shard.dir, `${artifact.file} is missing`);
  if (statSync(path).size !== artifact.bytes) throw esdhError('ESDH_ERR_SHARD_INVALID', shard.dir, `${artifact.file} has ${statSync(path).size} bytes, its manifest says ${artifact.bytes}: the shard was changed after it was written`);
  return { shard, artifact, path };
}

/**
 * Stream a shard file, checking its sha256 against the manifest at the end;
 * `each(chunk, offset)` sees every chunk, or the file goes to `sink` whole.
 */
async function copyChecked(input: Input, sink: FileSink | null, each?: (chunk: Buffer, offset: number) => Promise<void> | void): Promise<void> {
  const hash = createHash('sha256');
  let offset = 0;
  for await (const chunk of createReadStream(input.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (each) await each(chunk, offset);
    else if (sink) await sink.write(chunk);
    offset += chunk.length;
  }
  if (hash.digest('hex') !== input.artifact.sha256) {
    throw esdhError('ESDH_ERR_SHARD_INVALID', input.shard.dir, `${input.artifact.file} does not match the sha256 in its manifest: the shard was changed after it was written`);
  }
}

/** The first shard's CSV whole, then the others' rows without their header line. */
async function mergeCsv(inputs: readonly Input[], sink: FileSink): Promise<void> {
  let header: Buffer | undefined;
  for (const input of inputs) {
    let pending: Buffer | null = Buffer.alloc(0);
    await copyChecked(input, null, async (chunk) => {
      if (pending === null) {
        await sink.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf(10);
      if (end === -1) return;
      const line = pending.subarray(0, end + 1);
      if (!header) header = Buffer.from(line);
      else if (!line.equals(header)) throw esdhError('ESDH_ERR_SHARD_INVALID', input.shard.dir, `${input.artifact.file} has another header than the first shard's`);
      if (input === inputs[0]) await sink.write(line);
      const rest = pending.subarray(end + 1);
      pending = null;
      if (rest.length > 0) await sink.write(rest);
    });
    if (pending !== null) throw esdhError('ESDH_ERR_SHARD_INVALID', input.shard.dir, `${input.artifact.file} has no header line`);
  }
}

/** Byte ranges of each list's body (`\n<record>,\n...` between `[` and `\n]`) in one dataset file. */
async function datasetLists(input: Input, plurals: readonly string[]): Promise<{ start: number; end: number }[]> {
  // Records are single-line JSON, so a line that starts with `"` opens a list
  // (or is the metadata) and one that starts with `]` closes it.
  const lists: { start: number; end: number }[] = [];
  let carry = '';
  let lineStart = 0;
  let open: number | null = null;
  const bad = (why: string) => esdhError('ESDH_ERR_SHARD_INVALID', input.shard.dir, `${input.artifact.file} is not laid out as esdh writes it (${why})`);
  const onLine = (head: string, start: number, end: number) => {
    // `head` is the first bytes of the line; [start, end) the line without its \n.
    if (head.startsWith('"')) {
      const match = /^"([a-z0-9_]+)": \[(\])?,?/.exec(head);
      if (!match) {
        if (head.startsWith('"metadata": ')) return;
        throw bad(`unexpected line at byte ${start}`);
      }
      if (open !== null) throw bad(`list ${match[1]} opens inside another`);
      if (match[1] !== plurals[lists.length]) throw bad(`list ${match[1]} where ${plurals[lists.length]} was expected`);
      if (match[2]) lists.push({ start: end, end });
      else open = end;
    } else if (head.startsWith(']')) {
      if (open === null) throw bad(`a list closes at byte ${start} that was not open`);
      lists.push({ start: open, end: start - 1 });
      open = null;
    }
  };
  await copyChecked(input, null, (chunk, offset) => {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf(10, at);
      if (nl === -1) {
        if (carry.length < 64) carry += chunk.toString('latin1', at, Math.min(chunk.length, at + 64 - carry.length));
        break;
      }
      const head = carry.length > 0 ? (carry + chunk.toString('latin1', at, Math.min(nl, at + 64))).slice(0, 64) : chunk.toString('latin1', at, Math.min(nl, at + 64));
      onLine(head, lineStart, offset + nl);
      carry = '';
      at = nl + 1;
      lineStart = offset + at;
    }
  });
  if (open !== null || lists.length !== plurals.length) throw bad(`${lists.length} of ${plurals.length} lists found`);
  return lists;
}

/** dataset_v0_1.json of the whole run. */
async function mergeDataset(inputs: readonly Input[], manifest: SnapshotManifest, metadata: DatasetMetadata, sink: FileSink): Promise<void> {
  const plurals = manifest.entities.map((e) => manifest.plugins[e]?.plural ?? e);
  const layouts = [];
  for (const input of inputs) layouts.push(await datasetLists(input, plurals));
  await sink.write(datasetHead(metadata));
  for (let e = 0; e < plurals.length; e++) {
    await sink.write(listHead(plurals[e]!));
    let records = 0;
    for (let s = 0; s < inputs.length; s++) {
      const { start, end } = layouts[s]![e]!;
      if (end <= start) continue;
      if (records > 0) await sink.write(',');
      for await (const chunk of createReadStream(inputs[s]!.path, { start, end: end - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) await sink.write(chunk);
      records += inputs[s]!.shard.manifest.record_counts[plurals[e]!] ?? 1;
    }
    await sink.write(listTail(records));
  }
  await sink.write(DATASET_TAIL);
}

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}
