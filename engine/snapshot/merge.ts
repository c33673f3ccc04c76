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
 * `mergeShardsAsTheyCome` does the same while the shards are still being
 * made (the queue's merge job): each shard is appended as it comes.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
import { CheckedInput } from './checked-input.js';
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
  /**
   * Read every merged data file back from disk as it is written and compare
   * it byte for byte with the bytes written (ESDH_ERR_OUTPUT_UNWRITABLE when
   * they differ, or the file's size does not match): what the check `verify:
   * 'checksums'` makes of the finished folder proves, done while the merge
   * runs, so nothing is left to re-read at the end.
   */
  readonly readBack?: boolean;
  /** Called after each file, with bytes merged so far and in total (while shards are still coming: the first shard's bytes times the shard count). */
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

/** A run's shards as they are finished, for `mergeShardsAsTheyCome`. */
export interface ShardSource {
  /** The run's shard count. */
  readonly count: number;
  /**
   * Shard `index`'s folder (1-based) once that shard is complete; reject when
   * it never will be. Called once per index, in order, each call after the
   * one before resolved. `signal` aborts when the merge stopped.
   */
  shard(index: number, signal: AbortSignal): Promise<string>;
}

/**
 * Merge shard folders (any order) into one snapshot folder at `options.out`,
 * each file by the `merge` (or `mergeStream`) hook of the exporter that wrote
 * it (`engine.merge` passes the engine's exporters).
 * @example
 * const { manifest } = await mergeShards(['/tmp/s2', '/tmp/s1'], { out: '/tmp/all' }, { exporters });
 * // manifest.shard → null; manifest.merged_from.length → 2
 */
export async function mergeShards(dirs: readonly string[], options: MergeOptions, parts: MergeParts): Promise<MergeResult> {
  const started = Date.now();
  const publicKey = options.publicKey === undefined ? undefined : signingKey(options.publicKey, 'public');
  if (dirs.length === 0) throw esdhError('ESDH_ERR_SHARD_COVERAGE', 'no shard folders were given');
  const shards = checkShards(dirs.map((dir) => loadShard(dir, parts.schemas, publicKey)));
  for (const s of shards) refuseOutInside(options.out, s);
  return mergeInOrder(shards.length, async (k) => shards[k - 1]!, options, parts, started);
}

/**
 * Merge a run's shards while they are still being made: shard k is appended
 * as soon as it and every shard before it are complete (`source.shard(k)`
 * resolved), file by file for formats whose exporter streams its merge
 * (`mergeStream`); the other formats are merged once the last shard is in.
 * Each shard is checked as it comes (same run as the first, next in unit
 * order, its files' bytes and sha256), and the snapshot folder appears only
 * complete, as with `mergeShards`.
 * @example
 * const result = await mergeShardsAsTheyCome({ count: 4, shard: (k) => shardDone(k) }, { out: '/tmp/all' }, { exporters });
 */
export async function mergeShardsAsTheyCome(source: ShardSource, options: MergeOptions, parts: MergeParts): Promise<MergeResult> {
  const started = Date.now();
  const publicKey = options.publicKey === undefined ? undefined : signingKey(options.publicKey, 'public');
  if (!Number.isSafeInteger(source.count) || source.count < 1) throw esdhError('ESDH_ERR_SHARD_COVERAGE', `a run has at least 1 shard (got ${source.count})`);
  let first: Shard | undefined;
  let previous: Shard | undefined;
  const next = async (k: number, signal: AbortSignal): Promise<Shard> => {
    const shard = loadShard(await source.shard(k, signal), parts.schemas, publicKey);
    first ??= shard;
    checkNext(first, shard, k, previous?.info.unit_end ?? 0, source.count);
    refuseOutInside(options.out, shard);
    previous = shard;
    return shard;
  };
  return mergeInOrder(source.count, next, options, parts, started);
}

function refuseOutInside(out: string, shard: Shard): void {
  if (isInsideFolder(resolve(out), shard.dir)) throw esdhError('ESDH_ERR_SHARD_INVALID', shard.dir, `the output folder ${resolve(out)} is inside it: choose an --out folder outside every shard folder`);
}

export type MergeResult = SnapshotResult & { manifest: MergedManifest };

/**
 * What mergeShards and mergeShardsAsTheyCome share: `shardAt(k, signal)`
 * gives shard k, checked, once it is there (called in order); `signal`
 * aborts when the caller's does or a file's merge failed, so no other file
 * waits on for shards after that.
 */
async function mergeInOrder(count: number, shardAt: (k: number, signal: AbortSignal) => Promise<Shard>, options: MergeOptions, parts: MergeParts, started: number): Promise<MergeResult> {
  const signKey = options.signKey === undefined ? undefined : signingKey(options.signKey, 'private');
  const out = resolve(options.out);
  const halt = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  const stopped = () => signal.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal');
  const arrivals: Promise<Shard>[] = [];
  const arrived: Shard[] = [];
  const arrival = (k: number): Promise<Shard> =>
    (arrivals[k - 1] ??= (k === 1 ? Promise.resolve() : arrival(k - 1)).then(async () => {
      if (signal.aborted) throw stopped();
      const shard = await shardAt(k, signal);
      arrived.push(shard);
      return shard;
    }));
  const every = () => Promise.all(Array.from({ length: count }, (_, i) => arrival(i + 1)));
  const first = await arrival(1);
  const owned = ownedArtifacts(first.manifest.artifacts, parts.exporters, (why) => esdhError('ESDH_ERR_SHARD_INVALID', first.dir, why));
  for (const { artifact, exporter } of owned) {
    if (!exporter.merge && !exporter.mergeStream) throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, `its ${artifact.format} file ${artifact.file} cannot be merged: exporter '${exporter.name}' has no merge hook`);
  }
  const open = new Set<FileSink>();
  const closeOpen = async () => {
    for (const sink of open) await sink.destroy().catch(() => undefined);
  };
  return intoNewFolder(out, async (temp) => {
    const entities = snapshotEntities(first.manifest, schemaFrom(parts.schemas));
    let bytesDone = 0;
    let failure: unknown;
    const merged: Artifact[] = new Array(owned.length);
    const mergeRole = async (at: number, merge: (sink: FileSink, inputs: CheckedInput[]) => Promise<void>) => {
      const { artifact } = owned[at]!;
      // With readBack, the sink reads every chunk back as it is written; end() refuses a file that is not what was written.
      const sink = new FileSink(artifactPath(temp, artifact.file), { readBack: options.readBack === true });
      open.add(sink);
      const inputs: CheckedInput[] = [];
      await merge(sink, inputs);
      // Whatever the hook did not read to the end is read now: every input is checked.
      for (const input of inputs) await input.ensureChecked();
      const digest = await sink.end();
      open.delete(sink);
      merged[at] = { ...artifact, records: inputs.reduce((sum, i) => sum + i.artifact.records, 0), ...digest };
      bytesDone += inputs.reduce((sum, i) => sum + i.artifact.bytes, 0);
      options.onProgress?.({ bytesDone, bytesTotal: arrived.length === count ? totalBytes(arrived) : totalBytes([first]) * count });
    };
    const streamed = (at: number) => mergeRole(at, async (sink, inputs) => {
      const { artifact, exporter } = owned[at]!;
      const copies = new ShardCopies(count, arrival, artifact.role, inputs);
      await exporter.mergeStream!(copies, sink, { entities });
      // Shards the hook did not take are taken (and checked) now.
      await copies.takeRest();
    });
    const whole = (at: number, ctx: SnapshotContext) => mergeRole(at, async (sink, inputs) => {
      for (const shard of await every()) inputs.push(inputOf(shard, owned[at]!.artifact.role));
      await owned[at]!.exporter.merge!(inputs, sink, ctx);
    });
    const tasks: Promise<void>[] = [];
    // The first failure stops the rest: files waiting for a shard stop waiting.
    const guard = (task: Promise<void>) => tasks.push(task.catch((error: unknown) => {
      if (failure === undefined) {
        failure = error ?? esdhError('ESDH_ERR_INTERRUPTED', 'a file of the merge');
        halt.abort(failure);
      }
      throw error;
    }));
    owned.forEach((o, at) => {
      if (o.exporter.mergeStream) guard(streamed(at));
    });
    guard((async () => {
      const wholeRoles = owned.map((o, at) => (o.exporter.mergeStream ? -1 : at)).filter((at) => at >= 0);
      if (wholeRoles.length === 0) return;
      const shards = await every();
      const ctx: SnapshotContext = { entities, facts: factsOf(first.manifest, mergedCounts(shards)) };
      for (const at of wholeRoles) {
        if (signal.aborted) throw stopped();
        await whole(at, ctx);
      }
    })());
    await Promise.allSettled(tasks);
    if (failure !== undefined) throw failure;
    const shards = await every();
    const counts = mergedCounts(shards);
    const artifacts: Artifact[] = [...merged];

    const suffix = first.manifestFile.replace(/^snapshot_manifest_/, '').replace(/\.json$/, '');
    const manifestName = manifestFileName(suffix);
    const readmeArtifact = first.manifest.artifacts.find((a) => a.role === README_ROLE);
    const { run: _run, ...base } = first.manifest;
    const ctx: SnapshotContext = { entities, facts: factsOf(first.manifest, counts) };
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

/** Bytes of every exported file of the shards. */
function totalBytes(shards: readonly Shard[]): number {
  return shards.reduce((sum, s) => sum + s.manifest.artifacts.filter(isExported).reduce((t, a) => t + a.bytes, 0), 0);
}

/**
 * One file role's copies for a streaming merge hook, shard by shard as they
 * arrive; what the hook does not take, `takeRest` takes (so every copy is
 * checked and counted).
 */
class ShardCopies implements AsyncIterable<MergeInput> {
  private taken = 0;

  constructor(
    private readonly count: number,
    private readonly arrival: (k: number) => Promise<Shard>,
    private readonly role: string,
    private readonly inputs: CheckedInput[],
  ) {}

  private async take(): Promise<CheckedInput> {
    const input = inputOf(await this.arrival(++this.taken), this.role);
    this.inputs.push(input);
    return input;
  }

  [Symbol.asyncIterator](): AsyncIterator<MergeInput> {
    return {
      next: async () => (this.taken >= this.count ? { done: true, value: undefined } : { done: false, value: await this.take() }),
      return: async () => ({ done: true, value: undefined }),
    };
  }

  async takeRest(): Promise<void> {
    while (this.taken < this.count) await this.take();
  }
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
  for (const shard of shards.slice(1)) sameRun(first, shard);
  const sorted = [...shards].sort((a, b) => a.info.index - b.info.index);
  const { count } = first.info;
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
    checkNext(first, s, s.info.index, next, count);
    next = s.info.unit_end;
  }
  return sorted;
}

/** Refuse a shard of another run than `first`'s. */
function sameRun(first: Shard, shard: Shard): void {
  for (const [field, pick] of SAME_RUN) {
    const a = JSON.stringify(pick(first.manifest));
    const b = JSON.stringify(pick(shard.manifest));
    if (a !== b) throw esdhError('ESDH_ERR_SHARD_MISMATCH', field, a, first.dir, b, shard.dir);
  }
}

/** Shard `s` must be shard `k` of `count` of `first`'s run, starting at unit `next`, with `first`'s files; the last one must end the run. */
function checkNext(first: Shard, s: Shard, k: number, next: number, count: number): void {
  if (s !== first) sameRun(first, s);
  if (s.info.index !== k || s.info.count !== count) {
    throw esdhError('ESDH_ERR_SHARD_COVERAGE', `${s.dir} is shard ${s.info.index} of ${s.info.count}, where shard ${k} of ${count} was expected`);
  }
  const { run_units } = first.info;
  const expected = shardRange({ index: k, count }, run_units);
  if (s.info.unit_start !== next || s.info.unit_start !== expected.unit_start || s.info.unit_end !== expected.unit_end) {
    throw esdhError('ESDH_ERR_SHARD_COVERAGE', `shard ${k} of ${count} in ${s.dir} covers units ${s.info.unit_start}..${s.info.unit_end - 1}, expected ${expected.unit_start}..${expected.unit_end - 1} (units ${next} onwards are next): its units overlap or leave a gap`);
  }
  if (s.manifest.units !== s.info.unit_end - s.info.unit_start) {
    throw esdhError('ESDH_ERR_SHARD_INVALID', s.dir, `its manifest says ${s.manifest.units} units but its shard section covers ${s.info.unit_end - s.info.unit_start}`);
  }
  if (k === count && s.info.unit_end !== run_units) throw esdhError('ESDH_ERR_SHARD_COVERAGE', `the shards end at unit ${s.info.unit_end}, the run has ${run_units}`);
  const roles = s.manifest.artifacts.map((a) => a.role).join(',');
  const expectedRoles = first.manifest.artifacts.map((a) => a.role).join(',');
  if (roles !== expectedRoles) throw esdhError('ESDH_ERR_SHARD_MISMATCH', 'files', expectedRoles, first.dir, roles, s.dir);
}

/** Record counts of the whole run, keyed in the first shard's order. */
function mergedCounts(shards: readonly Shard[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of Object.keys(shards[0]!.manifest.record_counts)) counts[key] = 0;
  for (const s of shards) for (const [key, n] of Object.entries(s.manifest.record_counts)) counts[key] = (counts[key] ?? 0) + n;
  return counts;
}

function inputOf(shard: Shard, role: string): CheckedInput {
  const artifact = shard.manifest.artifacts.find((a) => a.role === role)!;
  return CheckedInput.of(artifact, shard.dir, artifactPath(shard.dir, artifact.file));
}
