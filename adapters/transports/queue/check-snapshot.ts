import { EsdhError, openSnapshot, type Engine, type SnapshotManifest } from '../../../engine/index.js';

/**
 * How a finished folder is checked: `checksums` (every file's size and sha256
 * against its manifest; the records were validated as they were made and the
 * merge checked every shard file while reading it) or `full` (esdh verify:
 * schemas, ids, references, domain rules, every copy; about 3x the time the
 * data took to make).
 */
export type VerifyMode = 'checksums' | 'full';

export const VERIFY_MODES: readonly VerifyMode[] = ['checksums', 'full'];

/** Check a snapshot folder: its manifest when it passes, else why not. */
export async function checkSnapshot(engine: Engine, dir: string, mode: VerifyMode): Promise<{ manifest: SnapshotManifest } | { problem: string }> {
  if (mode === 'full') {
    const report = await engine.verify(dir);
    if (report.ok && report.manifest) return { manifest: report.manifest };
    return { problem: report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule} (${r.failed} failed)`).join(', ') || 'see esdh verify' };
  }
  try {
    return { manifest: (await openSnapshot(dir, { engine, verify: 'checksums' })).manifest };
  } catch (error) {
    if (error instanceof EsdhError) return { problem: error.message };
    throw error;
  }
}
