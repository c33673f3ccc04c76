/**
 * `esdh merge`: shards of one run (`esdh run --shard k/N`) joined into the
 * snapshot a single run would have written, data files byte for byte. The
 * core checks that the shards belong together and hands each file role's
 * copies (one per shard, in unit order) to the `merge` hook of the exporter
 * that wrote them (found by the artifact's format); it never looks inside a
 * data file. The README and the manifest are the core's.
 *
 * Refused, each with its own code: a folder that is not a shard, shards of
 * different runs (seed, as_of, versions, formats, entities...), a set of
 * shards with gaps or overlaps, and a file whose format no exporter of this
 * engine has, or whose exporter cannot merge. Every input file is checked
 * against its shard's manifest (bytes and sha256) while it is read.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { Artifact, Exporter, MergeInput, SnapshotContext } from '../contracts/exporter.js';
import { FileSink } from '../lib/file-sink.js';
import { manifestFileName, type ShardInfo, type SnapshotManifest } from '../contracts/manifest.js';
import { shardRange } from '../generate/shard-range.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { isExported, ownedArtifacts, README_ROLE } from './artifact-exporters.js';
import { intoNewFolder, sha256OfText } from './folder.js';
import { artifactPath, isInsideFolder, snapshotFolder } from './artifact-path.js';
import { snapshotReadme } from './readme.js';
import { readManifest } from './read-manifest.js';
import { factsOf, schemaFrom, snapshotEntities } from './snapshot-context.js';
import { signatureProblem, signingKey, type KeyInput } from './signature.js';
import { sourceOf, writeManifest, type SnapshotResult } from './write-snapshot.js';

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
  /** Sign the merged manifest with this Ed25519 private key (a PEM file's path or a KeyObject): `<manifest>.sig` beside it. */
  readonly signKey?: KeyInput;
  /** Every shard's manifest must be signed with this public key (path or KeyObject), else ESDH_ERR_SIGNATURE_INVALID before anything is merged. */
  readonly publicKey?: KeyInput;
}

/** What merging needs of an engine: its exporters (each file role is merged by its own) and, for the hooks' context, its schemas. */
export interface MergeParts {
  readonly exporters: readonly Exporter[];
  readonly schemas?: SchemaRegistry;
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
  ['data packages (faker)', (m) => m.packages],
  ['entities', (m) => m.entities],
  ['distributions', (m) => m.distributions],
  ['where', (m) => m.where],
  ['formats', (m) => m.formats],
  ['plugins (versions and schema hashes)', (m) => m.plugins],
  ['synthetic_source', (m) => m.synthetic_source],
  ['validation', (m) => m.validation],
  ['shard count', (m) => m.shard?.count],
  ['run units', (m) => m.shard?.run_units],
];

/**
 * Merge shard folders (any order) into one snapshot folder at `options.out`,
 * each file by the `merge` hook of the exporter that wrote it (`engine.merge`
 * passes the engine's exporters).
 * @example
 * const { manifest } = await mergeShards(['/tmp/s2', '/tmp/s1'], { out: '/tmp/all' }, { exporters });
 * // manifest.shard → null; manifest.merged_from.length → 2
 */
export async function mergeShards(dirs: readonly string[], options: MergeOptions, parts: MergeParts): Promise<SnapshotResult & { manifest: MergedManifest }> {
  const started = Date.now();
  const signKey = options.signKey === undefined ? undefined : signingKey(options.signKey, 'private');
  const publicKey = options.publicKey === undefined ? undefined : signingKey(options.publicKey, 'public');
  if (dirs.length === 0) throw esdhError('ESDH_ERR_SHARD_COVERAGE', 'no shard folders were given');
  const shards = checkShards(dirs.map((dir) => loadShard(dir, parts.schemas, publicKey)));
  const first = shards[0]!;
  const owned = ownedArtifacts(first.manifest.artifacts, parts.exporters, (why) => esdhError('ESDH_ERR_SHARD_INVALID', first.dir, why));
  for (const { artifact, exporter } of owned) {
    if (!exporter.merge) throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, `its ${artifact.format} file ${artifact.file} cannot be merged: exporter '${exporter.name}' has no merge hook`);
  }
  const out = resolve(options.out);
  for (const s of shards) if (isInsideFolder(out, s.dir)) throw esdhError('ESDH_ERR_SHARD_INVALID', s.dir, `the output folder ${out} is inside it: choose an --out folder outside every shard folder`);
  const open: FileSink[] = [];
  const closeOpen = async () => {
    for (const sink of open) await sink.destroy().catch(() => undefined);
  };
  return intoNewFolder(out, async (temp) => {
    const counts = mergedCounts(shards);
    const ctx: SnapshotContext = { entities: snapshotEntities(first.manifest, schemaFrom(parts.schemas)), facts: factsOf(first.manifest, counts) };
    const bytesTotal = shards.reduce((sum, s) => sum + s.manifest.artifacts.filter(isExported).reduce((t, a) => t + a.bytes, 0), 0);
    let bytesDone = 0;
    const artifacts: Artifact[] = [];
    for (const { artifact, exporter } of owned) {
      if (options.signal?.aborted) throw options.signal.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal');
      const sink = new FileSink(artifactPath(temp, artifact.file));
      open.push(sink);
      const inputs = shards.map((s) => inputOf(s, artifact.role));
      await exporter.merge!(inputs, sink, ctx);
      // Whatever the hook did not read to the end is read now: every input is checked.
      for (const input of inputs) if (!input.checked) for await (const _ of input.bytes());
      const digest = await sink.end();
      open.pop();
      const records = inputs.reduce((sum, i) => sum + i.artifact.records, 0);
      artifacts.push({ ...artifact, records, ...digest });
      bytesDone += inputs.reduce((sum, i) => sum + i.artifact.bytes, 0);
      options.onProgress?.({ bytesDone, bytesTotal });
    }

    const suffix = first.manifestFile.replace(/^snapshot_manifest_/, '').replace(/\.json$/, '');
    const manifestName = manifestFileName(suffix);
    const readmeArtifact = first.manifest.artifacts.find((a) => a.role === README_ROLE);
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
      const readme = snapshotReadme(draft, manifestName, parts.exporters, ctx);
      await writeFile(artifactPath(temp, readmeArtifact.file), readme);
      artifacts.push({ ...readmeArtifact, bytes: Buffer.byteLength(readme), sha256: sha256OfText(readme) });
    }
    const merged_from: MergedShard[] = shards.map((s) => ({
      index: s.info.index,
      count: s.info.count,
      unit_start: s.info.unit_start,
      unit_end: s.info.unit_end,
      dir: s.dir,
      manifest_sha256: sha256OfText(readFileSync(join(s.dir, s.manifestFile), 'utf8')),
      generated_at: s.manifest.run?.generated_at ?? '',
    }));
    const manifest: MergedManifest = {
      ...draft,
      artifacts,
      merged_from,
      run: { generated_at: new Date().toISOString(), duration_ms: Date.now() - started, node: process.version, ...sourceOf() },
    };
    const signature = await writeManifest(temp, manifestName, manifest, signKey);
    return { dir: out, manifest, ...(signature ? { signature: join(out, signature) } : {}) };
  }, closeOpen);
}

function loadShard(dir: string, schemas: SchemaRegistry | undefined, publicKey: KeyObject | undefined): Shard {
  const abs = resolve(dir);
  let read: ReturnType<typeof readManifest>;
  try {
    read = readManifest(snapshotFolder(abs), schemas);
  } catch (error) {
    if (error instanceof EsdhError) throw esdhError('ESDH_ERR_SHARD_INVALID', abs, error.message.replace(/^'[^']*' is not a readable snapshot: /, ''));
    throw error;
  }
  const { manifest, file } = read;
  if (publicKey) {
    const problem = signatureProblem(abs, file, read.bytes, publicKey);
    if (problem) throw esdhError('ESDH_ERR_SIGNATURE_INVALID', abs, problem);
  }
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

/**
 * One shard's copy of a file for a merge hook: `bytes()` hashes what it
 * hands out and compares with the shard manifest's sha256 at the end;
 * `range()` is allowed only after that.
 */
class CheckedInput implements MergeInput {
  /** True once `bytes()` was read to the end and the sha256 matched. */
  checked = false;

  constructor(
    readonly artifact: Artifact,
    readonly dir: string,
    readonly path: string,
  ) {}

  async *bytes(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
    if (hash.digest('hex') !== this.artifact.sha256) {
      throw esdhError('ESDH_ERR_SHARD_INVALID', this.dir, `${this.artifact.file} does not match the sha256 in its manifest: the shard was changed after it was written`);
    }
    this.checked = true;
  }

  async *range(start: number, end: number): AsyncGenerator<Uint8Array> {
    if (!this.checked) throw esdhError('ESDH_ERR_EXPORTER_INVALID', this.artifact.format, `its merge hook asked for range() of ${this.path} before bytes() was read to the end: read a shard file through bytes() first, so it is checked`);
    if (end <= start) return;
    yield* createReadStream(this.path, { start, end: end - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  }
}

function inputOf(shard: Shard, role: string): CheckedInput {
  const artifact = shard.manifest.artifacts.find((a) => a.role === role)!;
  const path = artifactPath(shard.dir, artifact.file);
  if (!existsSync(path)) throw esdhError('ESDH_ERR_SHARD_INVALID', shard.dir, `${artifact.file} is missing`);
  if (statSync(path).size !== artifact.bytes) throw esdhError('ESDH_ERR_SHARD_INVALID', shard.dir, `${artifact.file} has ${statSync(path).size} bytes, its manifest says ${artifact.bytes}: the shard was changed after it was written`);
  return new CheckedInput(artifact, shard.dir, path);
}
