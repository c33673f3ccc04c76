/** Snapshots for the studio tests and screenshots: two small book runs (with claims) in a temporary runs folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../../engine/index.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { testEngine } from './helpers.js';

/** The book's entities with its claims, exposures and transactions: every chart the studio draws has data. */
export const BOOK_WITH_CLAIMS = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

export interface StudioFixture {
  readonly engine: Engine;
  readonly root: string;
  readonly runsDir: string;
  /** Run folder names: [first, second]. */
  readonly runs: readonly [string, string];
  cleanup(): Promise<void>;
}

/**
 * An engine whose runs folder is a fresh temporary folder holding two book
 * runs (records and seeds differ), and whose governed snapshot is the
 * repository's data/snapshots/v0.1.
 */
export async function studioFixture(options: { records?: readonly [number, number] } = {}): Promise<StudioFixture> {
  const root = await mkdtemp(join(tmpdir(), 'esdh-studio-'));
  const runsDir = join(root, 'runs');
  const engine = await testEngine({ cwd: packageRoot(), config: { output: { runs_dir: runsDir } } });
  const [a, b] = options.records ?? [40, 60];
  const runs = ['20251101_090000_book', '20251102_090000_book'] as const;
  await engine.run({ profile: 'book', records: a, seed: 7, entities: BOOK_WITH_CLAIMS, formats: ['csv', 'sqlite'], out: join(runsDir, runs[0]) });
  await engine.run({ profile: 'book', records: b, seed: 9, entities: BOOK_WITH_CLAIMS, formats: ['csv', 'parquet'], out: join(runsDir, runs[1]) });
  return { engine, root, runsDir, runs, cleanup: () => rm(root, { recursive: true, force: true }) };
}
