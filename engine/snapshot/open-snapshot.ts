import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CreateEngineOptions } from '../contracts/engine-options.js';
import type { EngineParts } from '../contracts/engine-parts.js';
import { sha256OfFile } from './folder.js';
import { artifactPath, snapshotFolder } from './artifact-path.js';
import { esdhError } from '../contracts/errors.js';
import type { Artifact } from '../contracts/exporter.js';
import type { Claim, Person, Policy, Profile, Vehicle } from '../generated/index.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import { readCsv, readDatasetJson, readManifest, readNdjson } from './read-snapshot.js';
import type { VerifyReport } from './verify.js';

/** A snapshot's records by plural: the built-ins typed (empty when the snapshot has none), plugin entities as `unknown[]` unless typed via `T`. */
export interface SnapshotRecords {
  persons: Person[];
  vehicles: Vehicle[];
  profiles: Profile[];
  policies: Policy[];
  claims: Claim[];
  [plural: string]: unknown[];
}

/** What reading a snapshot needs of an engine: its schemas and its verify. */
export type SnapshotEngine = Pick<EngineParts, 'schemas'> & { verify(dir: string): Promise<VerifyReport> };

/** Options of `loadSnapshot` and `openSnapshot`. */
export interface LoadSnapshotOptions {
  /**
   * What to check before reading: `'full'` (default) runs `engine.verify`
   * (checksums, schemas, marker, ids, references, domain rules); `'checksums'`
   * only sizes and sha256 against the manifest; `false` nothing.
   */
  verify?: 'full' | 'checksums' | false;
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
  /** One entity's records (singular or plural name) in unit order, streamed from disk: any size, flat memory. */
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
  const { manifest } = readManifest(snapshotFolder(folder));
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
  const plugins = manifest.entities.map((name) => {
    const info = manifest.plugins[name];
    if (!info) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `the manifest lists entity '${name}' without its plugin entry`);
    return { name, plural: info.plural, schema: info.schema };
  });
  const entityOfPlural = new Map(plugins.map((p) => [p.plural, p.name]));
  return {
    dir: folder,
    manifest,
    ...(report ? { report } : {}),
    entities: plugins.map((p) => p.plural),
    async *records(entity: string) {
      const plugin = plugins.find((p) => p.name === entity || p.plural === entity);
      if (!plugin) throw esdhError('ESDH_ERR_ENTITY_UNKNOWN', entity, plugins.map((p) => p.name).join(', '));
      const source = sourceOf(manifest.artifacts, plugin.name);
      if (!source) return;
      const path = artifactPath(folder, source.file);
      if (source.format === 'ndjson') {
        for await (const located of readNdjson(path, plugin.name)) yield located.record;
      } else if (source.role === 'dataset_json') {
        for await (const located of readDatasetJson(path, entityOfPlural)) if (located.entity === plugin.name) yield located.record;
      } else {
        const schema = engine.schemas.has(plugin.schema) ? engine.schemas.schema(plugin.schema) : {};
        for await (const located of readCsv(path, plugin.name, schema)) if (!located.header) yield located.record;
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

/** The file to read an entity from: its NDJSON, else the dataset JSON, else its CSV (typed back through the schema). */
function sourceOf(artifacts: readonly Artifact[], entity: string): Artifact | undefined {
  return artifacts.find((a) => a.format === 'ndjson' && a.entity === entity)
    ?? artifacts.find((a) => a.role === 'dataset_json')
    ?? artifacts.find((a) => a.format === 'csv' && a.entity === entity);
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

