/**
 * Loading a snapshot into a target (a database), format- and target-free:
 * the target is found by the URL's scheme, the snapshot is verified in full
 * before the target is contacted, and its records stream from the best copy
 * of each entity (openSnapshot) into the target's `load`, which owns the
 * transaction.
 */
import { resolve } from 'node:path';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { ExportEntity } from '../contracts/exporter.js';
import type { IfExists, LoadProgress, LoadSource, Target, TargetLoadResult, TargetLocation } from '../contracts/target.js';
import { IF_EXISTS_MODES } from '../contracts/target.js';
import { exportEntities } from '../generate/export-entities.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { openSnapshotWith, type OpenedSnapshot, type SnapshotEngine } from './open-snapshot.js';
import { factsOf } from './snapshot-context.js';
import { targetFor } from './target-for-url.js';
import type { KeyInput } from './signature.js';
import type { VerifyProgress, VerifyReport } from './verify.js';

/** Options of `engine.load`. */
export interface LoadOptions {
  /** The target's URL, e.g. `scheme://user@127.0.0.1:5432/db` (a password in it is never printed). */
  readonly to: string;
  /** The namespace (database schema) of the tables; default: the target's. */
  readonly namespace?: string;
  /** Tables that exist already: `'fail'` (default), `'replace'` or `'append'`. */
  readonly ifExists?: IfExists;
  /**
   * What to check before loading: `'full'` (default) everything `engine.verify`
   * checks; `'checksums'` only each file's size and sha256 against the
   * manifest (for a snapshot this process just wrote, its records validated
   * as they were made: `esdh run --to`).
   */
  readonly verify?: 'full' | 'checksums';
  /** A public key the snapshot's manifest must be signed with (verify's `signature` rule; with `verify: 'full'`). */
  readonly publicKey?: KeyInput;
  /** Aborting it stops the load; nothing is committed. */
  readonly signal?: AbortSignal;
  /** Progress of the verification that comes first (bytes read). */
  readonly onVerifyProgress?: (progress: VerifyProgress) => void;
  /** Progress of the load (rows sent). */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** What `engine.load` did: the target's result, the snapshot folder and its verify report (with `verify: 'full'`). */
export interface LoadResult extends TargetLoadResult {
  readonly dir: string;
  readonly report?: VerifyReport;
}

/** What loading needs of an engine. */
export interface TargetNeeds {
  readonly snapshot: SnapshotEngine;
  readonly registry: Pick<PluginRegistry, 'get'>;
  readonly schemas: Pick<SchemaRegistry, 'fields' | 'schema'>;
  readonly targets: readonly Target[];
}

/** `ifExists` checked: one of IF_EXISTS_MODES. */
export function checkIfExists(value: unknown, what = 'ifExists'): IfExists {
  if (value === undefined) return 'fail';
  if (typeof value === 'string' && (IF_EXISTS_MODES as readonly string[]).includes(value)) return value as IfExists;
  throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), `expected one of ${IF_EXISTS_MODES.join(', ')}`);
}

/** The target of a location, with its options checked (before any file is read or the store contacted). */
export function checkedTarget(location: TargetLocation, targets: readonly Target[]): Target {
  const target = targetFor(location.url, targets);
  target.check?.(location);
  return target;
}

/** The snapshot's entities as the engine's plugins describe them (keys included), in the manifest's order. */
export function snapshotExportEntities(snapshot: OpenedSnapshot, needs: Pick<TargetNeeds, 'registry' | 'schemas'>): ExportEntity[] {
  return exportEntities(snapshot.manifest.entities.map((name) => needs.registry.get(name)), needs.schemas);
}

/**
 * Check the options and that the target can be reached (its `probe`), verify
 * the snapshot (in full by default; a failure → ESDH_ERR_DB_SNAPSHOT_INVALID,
 * before anything is written or even a statement sent), then hand its records to the target's
 * `load`, which commits all of them or none.
 */
export async function loadIntoTarget(dir: string, options: LoadOptions, needs: TargetNeeds): Promise<LoadResult> {
  const location: TargetLocation = { url: options.to, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
  const target = checkedTarget(location, needs.targets);
  const ifExists = checkIfExists(options.ifExists);
  await target.probe?.(location);
  const folder = resolve(dir);
  const mode = options.verify ?? 'full';
  if (mode !== 'full' && mode !== 'checksums') throw esdhError('ESDH_ERR_OPTION_INVALID', 'verify', JSON.stringify(mode), "expected 'full' or 'checksums'");
  let report: VerifyReport | undefined;
  if (mode === 'full') {
    report = await needs.snapshot.verify(folder, {
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
      ...(options.onVerifyProgress ? { onProgress: options.onVerifyProgress } : {}),
    });
    if (!report.ok) {
      const failed = report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule} failed ${r.failed} of ${r.checked}${r.examples[0] ? ` (${r.examples[0]})` : ''}`);
      throw esdhError('ESDH_ERR_DB_SNAPSHOT_INVALID', folder, failed.join('; '), folder);
    }
  }
  options.signal?.throwIfAborted();
  let snapshot: OpenedSnapshot;
  try {
    snapshot = await openSnapshotWith(needs.snapshot, folder, { verify: mode === 'full' ? false : 'checksums' });
  } catch (error) {
    if (error instanceof EsdhError && error.code === 'ESDH_ERR_VERIFY_FAILED') throw esdhError('ESDH_ERR_DB_SNAPSHOT_INVALID', folder, error.message, folder);
    throw error;
  }
  const source: LoadSource = {
    dir: folder,
    entities: snapshotExportEntities(snapshot, needs),
    facts: factsOf(snapshot.manifest),
    records: (entity) => snapshot.records(entity),
  };
  const result = await target.load(source, {
    ...location,
    ifExists,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...result, dir: folder, ...(report ? { report } : {}) };
}
