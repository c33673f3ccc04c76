import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CreateEngineOptions } from '../contracts/engine-options.js';
import type { EngineParts } from '../contracts/engine-parts.js';
import { sha256OfFile } from './folder.js';
import { artifactPath, snapshotFolder } from './artifact-path.js';
import { esdhError } from '../contracts/errors.js';
import type { Exporter, SnapshotContext } from '../contracts/exporter.js';
import type { Claim, Person, Policy, Profile, Vehicle } from '../generated/index.js';
import { SYNTHETIC_MARKER_RULE, type SnapshotManifest } from '../contracts/manifest.js';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import { heldEntities, ownedArtifacts, sourceOrder } from './artifact-exporters.js';
import { readManifest } from './read-manifest.js';
import { factsOf, schemaFrom, snapshotEntities } from './snapshot-context.js';
import { signatureProblem, signingKey, type KeyInput } from './signature.js';
import type { VerifyOptions, VerifyReport } from './verify.js';

/** A snapshot's records by plural: the built-ins typed (empty when the snapshot has none), plugin entities as `unknown[]` unless typed via `T`. */
export interface SnapshotRecords {
  persons: Person[];
  vehicles: Vehicle[];
  profiles: Profile[];
  policies: Policy[];
  claims: Claim[];
  [plural: string]: unknown[];
}

/** What reading a snapshot needs of an engine: its schemas, its verify and its exporters (which read the files back). */
export type SnapshotEngine = Pick<EngineParts, 'schemas' | 'formats'> & {
  verify(dir: string, options?: VerifyOptions): Promise<VerifyReport>;
  /** The registered exporter of a format name (one of `formats()`). */
  exporter(name: string): Exporter;
};

/** Options of `loadSnapshot` and `openSnapshot`. */
export interface LoadSnapshotOptions {
  /**
   * What to check before reading: `'full'` (default) runs `engine.verify`
   * (checksums, schemas, marker, ids, references, domain rules); `'checksums'`
   * only sizes and sha256 against the manifest; `false` nothing.
   */
  verify?: 'full' | 'checksums' | false;
  /**
   * A public key (PEM file path or KeyObject) the manifest must be signed
   * with, checked first whatever `verify` says: ESDH_ERR_SIGNATURE_INVALID
   * when the `.sig` beside the manifest is missing or does not sign it.
   */
  publicKey?: KeyInput;
  /** The engine whose plugins and schemas read the snapshot; default: `createEngine(engineOptions)`. */
  engine?: SnapshotEngine;
  /** How to make the engine when none is given (default: config found from process.cwd()). */
  engineOptions?: CreateEngineOptions;
}

/** An opened, checked snapshot whose records are read on demand. */
export interface OpenedSnapshot {
  readonly dir: string;
  readonly manifest: SnapshotManifest;
  /** The verify report when `verify: 'full'` (always `ok` here: a failed one throws). */
  readonly report?: VerifyReport;
  /** Plurals of the entities in the snapshot, in generation order. */
  readonly entities: readonly string[];
  /**
   * One entity's records (singular or plural name) in unit order, streamed
   * from disk: any size, flat memory. Each record's marker is checked as it
   * streams, whatever `verify` was: one that is not the manifest's (which
   * says the data is synthetic) throws ESDH_ERR_VERIFY_FAILED.
   */
  records(entity: string): AsyncGenerator<EntityRecord>;
}

/** A snapshot read into memory. */
export interface LoadedSnapshot<T extends object = object> {
  readonly dir: string;
  readonly manifest: SnapshotManifest;
  readonly report?: VerifyReport;
  readonly records: SnapshotRecords & T;
}

/** `openSnapshot` with the engine given: the snapshot layer's half, the composition root supplies the engine. */
export async function openSnapshotWith(engine: SnapshotEngine, dir: string, options: LoadSnapshotOptions = {}): Promise<OpenedSnapshot> {
  const folder = resolve(dir);
  const publicKey = options.publicKey === undefined ? undefined : signingKey(options.publicKey, 'public');
  const { manifest, file: manifestFile, bytes: manifestBytes } = readManifest(snapshotFolder(folder), engine.schemas);
  if (publicKey) {
    const problem = signatureProblem(folder, manifestFile, manifestBytes, publicKey);
    if (problem) throw esdhError('ESDH_ERR_SIGNATURE_INVALID', folder, problem);
  }
  // Every file's exporter first: a snapshot with a format this engine lacks is refused whatever the verify mode.
  const exporters = engine.formats().map((name) => engine.exporter(name));
  const owned = ownedArtifacts(manifest.artifacts, exporters, (why) => esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, why));
  const mode = options.verify ?? 'full';
  let report: VerifyReport | undefined;
  if (mode === 'full') {
    report = await engine.verify(folder);
    if (!report.ok) {
      const failed = report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule} failed ${r.failed} of ${r.checked}${r.examples[0] ? ` (${r.examples[0]})` : ''}`);
      throw esdhError('ESDH_ERR_VERIFY_FAILED', folder, `${failed.join('; ')}; run esdh verify ${folder} for the full report`);
    }
  } else if (mode === 'checksums') {
    await checkChecksums(folder, manifest);
  }
  for (const name of manifest.entities) {
    if (!manifest.plugins?.[name]) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `the manifest lists entity '${name}' without its plugin entry`);
  }
  const ctx: SnapshotContext = { entities: snapshotEntities(manifest, schemaFrom(engine.schemas)), facts: factsOf(manifest) };
  // Readable copies of each entity, the best first (exact before schema-typed, own file before a bundle).
  const readable = owned.filter((o) => o.exporter.read).sort(sourceOrder);
  return {
    dir: folder,
    manifest,
    ...(report ? { report } : {}),
    entities: ctx.entities.map((e) => e.plural),
    async *records(entity: string) {
      const wanted = ctx.entities.find((e) => e.name === entity || e.plural === entity);
      if (!wanted) throw esdhError('ESDH_ERR_ENTITY_UNKNOWN', entity, ctx.entities.map((e) => e.name).join(', '));
      const source = readable.find((o) => heldEntities(o, ctx).includes(wanted.name));
      if (!source) {
        if (owned.some((o) => heldEntities(o, ctx).includes(wanted.name))) {
          throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `no file holding ${wanted.plural} can be read back: their exporters have no read hook`);
        }
        return;
      }
      const { artifact } = source;
      for await (const item of source.exporter.read!({ artifact, dir: folder, path: artifactPath(folder, artifact.file) }, ctx)) {
        if (item.kind !== 'record' || item.entity !== wanted.name) continue;
        // Checked here too, so no verify mode can hand out a record not marked as the manifest's synthetic data.
        if (item.record.synthetic_source !== manifest.synthetic_source) {
          throw esdhError('ESDH_ERR_VERIFY_FAILED', folder, `${artifact.file}:${item.line}: synthetic_source is ${JSON.stringify(item.record.synthetic_source)}, not the manifest's ${JSON.stringify(manifest.synthetic_source)} (${SYNTHETIC_MARKER_RULE}, and every record carries the manifest's marker)`);
        }
        yield item.record;
      }
    },
  };
}

/** `loadSnapshot` with the engine given. */
export async function loadSnapshotWith<T extends object = object>(engine: SnapshotEngine, dir: string, options: LoadSnapshotOptions = {}): Promise<LoadedSnapshot<T>> {
  const snapshot = await openSnapshotWith(engine, dir, options);
  const records: Record<string, unknown[]> = { persons: [], vehicles: [], profiles: [], policies: [], claims: [] };
  for (const plural of snapshot.entities) {
    const list: EntityRecord[] = (records[plural] = []) as EntityRecord[];
    for await (const record of snapshot.records(plural)) list.push(record);
  }
  return { dir: snapshot.dir, manifest: snapshot.manifest, ...(snapshot.report ? { report: snapshot.report } : {}), records: records as SnapshotRecords & T };
}

async function checkChecksums(dir: string, manifest: SnapshotManifest): Promise<void> {
  const problems: string[] = [];
  for (const artifact of manifest.artifacts) {
    const path = artifactPath(dir, artifact.file);
    if (!existsSync(path)) {
      problems.push(`${artifact.file} is missing`);
      continue;
    }
    const bytes = statSync(path).size;
    if (bytes !== artifact.bytes) problems.push(`${artifact.file} has ${bytes} bytes, manifest says ${artifact.bytes}`);
    else if ((await sha256OfFile(path)) !== artifact.sha256) problems.push(`${artifact.file} sha256 differs from the manifest`);
  }
  if (problems.length) throw esdhError('ESDH_ERR_VERIFY_FAILED', dir, problems.join('; '));
}

