import type { LoadedSnapshot, LoadSnapshotOptions, OpenedSnapshot } from '../snapshot/open-snapshot.js';
import { loadSnapshotWith, openSnapshotWith } from '../snapshot/open-snapshot.js';
import { composeEngine } from './compose-engine.js';

/**
 * Check a snapshot folder, then stream its records entity by entity (for big
 * snapshots; `loadSnapshot` reads everything into arrays).
 * @example
 * const snapshot = await openSnapshot('data/demo_runs/latest_demo');
 * for await (const vehicle of snapshot.records('vehicles')) count++;
 */
export async function openSnapshot(dir: string, options: LoadSnapshotOptions = {}): Promise<OpenedSnapshot> {
  return openSnapshotWith(options.engine ?? (await composeEngine(options.engineOptions ?? {})), dir, options);
}

/**
 * Read a snapshot folder back as typed records by plural, after checking it
 * (by default a full `esdh verify`; a snapshot that fails is refused).
 * @example
 * const { records, manifest } = await loadSnapshot('data/snapshots/v0.1');
 * // records.persons[0].state → 'CA'; records.vehicles.length → 200; manifest.seed → 20251101
 * const { records: r } = await loadSnapshot<{ trips: Trip[] }>(dir, { verify: 'checksums' }); // plugin entities typed by you
 */
export async function loadSnapshot<T extends object = object>(dir: string, options: LoadSnapshotOptions = {}): Promise<LoadedSnapshot<T>> {
  return loadSnapshotWith<T>(options.engine ?? (await composeEngine(options.engineOptions ?? {})), dir, options);
}
