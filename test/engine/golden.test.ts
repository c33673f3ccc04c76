/**
 * Golden files: test/golden/<entity>/<seed>.json hold the first 5 units of
 * each built-in entity for seeds 42, 1337 and 20251101 (as_of 2025-11-01).
 *
 * A plugin that changes its output must bump its `version` (docs/architecture.md), so:
 * - records differ from the golden file → the test fails;
 * - the file's plugin_version differs from the plugin's → the test fails too,
 *   so a version bump always comes with a reviewed golden update.
 *
 * To update on purpose: bump the plugin's `version`, log why in
 * governance/DECISIONS_LOG.md, then run
 *   npm run build && UPDATE_GOLDEN=1 npx mocha
 * and review the diff of test/golden/. With UPDATE_GOLDEN=1 the files are
 * rewritten instead of compared, but a file whose records change while its
 * plugin_version stays the same is refused: bump the version first.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { packageRoot } from '../helpers/package-root.js';

const ENTITIES = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'] as const;
const SEEDS = [42, 1337, 20251101] as const;
const AS_OF = '2025-11-01';
const UNITS = 5;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface GoldenFile {
  entity: string;
  plugin_version: string;
  seed: number;
  as_of: string;
  records: EntityRecord[];
}

/** The golden folder in the source tree (tests run from dist/, goldens stay in test/golden). */
const GOLDEN_DIR = join(packageRoot(), 'test', 'golden');

function goldenPath(entity: string, seed: number): string {
  return join(GOLDEN_DIR, entity, `${seed}.json`);
}

function serialise(golden: GoldenFile): string {
  return JSON.stringify(golden, null, 2) + '\n';
}

describe(`golden files (test/golden/<entity>/<seed>.json)${UPDATE ? ' [UPDATE_GOLDEN=1: rewriting]' : ''}`, () => {
  for (const entity of ENTITIES) {
    describe(entity, () => {
      for (const seed of SEEDS) {
        it(`seed ${seed}: ${UNITS} units as of ${AS_OF} match the golden file`, async () => {
          const engine = await newEngine();
          const version = engine.entity(entity).version;
          // JSON round trip: compare what a file holds, not in-memory identity.
          const records = JSON.parse(JSON.stringify(await engine.generate(entity, { records: UNITS, seed, asOf: AS_OF }))) as EntityRecord[];
          const actual: GoldenFile = { entity, plugin_version: version, seed, as_of: AS_OF, records };
          const path = goldenPath(entity, seed);

          if (UPDATE) {
            if (existsSync(path)) {
              const previous = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
              const changed = JSON.stringify(previous.records) !== JSON.stringify(records);
              expect(changed && previous.plugin_version === version, `${entity} output changed but its version is still ${version}: bump the plugin version and log why in governance/DECISIONS_LOG.md before updating ${path}`).to.equal(false);
            }
            mkdirSync(join(GOLDEN_DIR, entity), { recursive: true });
            writeFileSync(path, serialise(actual));
            return;
          }

          expect(existsSync(path), `missing ${path}: run with UPDATE_GOLDEN=1 to create it`).to.equal(true);
          const golden = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
          expect({ entity: golden.entity, seed: golden.seed, as_of: golden.as_of }).to.deep.equal({ entity, seed, as_of: AS_OF });
          expect(golden.plugin_version, `${path} was made with ${entity} plugin ${golden.plugin_version}, the plugin is now ${version}: review the output change, run UPDATE_GOLDEN=1 and log why in governance/DECISIONS_LOG.md`).to.equal(version);
          expect(records, `${entity} seed ${seed} differs from ${path}: a plugin whose output changes must bump its version (see test/golden/README.md)`).to.deep.equal(golden.records);
        });
      }
    });
  }

  it('the golden records are not trivially empty (one account, person, vehicle and profile per unit; policies, their drivers, vehicles and coverages at least one; claims, exposures and transactions over the seeds)', () => {
    if (UPDATE) return;
    for (const entity of ['account', 'person', 'vehicle', 'profile']) {
      for (const seed of SEEDS) {
        const golden = JSON.parse(readFileSync(goldenPath(entity, seed), 'utf8')) as GoldenFile;
        expect(golden.records, `${entity}/${seed}`).to.have.length(UNITS);
      }
    }
    for (const entity of ['policy', 'policy_driver', 'policy_vehicle', 'coverage']) {
      for (const seed of SEEDS) {
        const golden = JSON.parse(readFileSync(goldenPath(entity, seed), 'utf8')) as GoldenFile;
        expect(golden.records.length, `${entity}/${seed}`).to.be.at.least(UNITS);
      }
    }
    for (const entity of ['claim', 'claim_exposure', 'claim_transaction']) {
      const counts = SEEDS.map((seed) => (JSON.parse(readFileSync(goldenPath(entity, seed), 'utf8')) as GoldenFile).records.length);
      expect(counts.reduce((a, b) => a + b, 0), `${entity} records over all seeds`).to.be.greaterThan(0);
    }
  });
});
