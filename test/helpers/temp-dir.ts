/** Temporary folders for tests: made under os.tmpdir(), removed after each test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh empty folder under the system temp dir. */
export function makeTempDir(prefix = 'esdh-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Call inside a `describe`: returns a maker of temp folders that are all
 * removed in `afterEach`, whatever the test did.
 * @example
 * const tempDir = useTempDirs();
 * it('writes', async () => { const dir = tempDir(); ... });
 */
export function useTempDirs(prefix = 'esdh-test-'): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = makeTempDir(prefix);
    made.push(dir);
    return dir;
  };
}

/**
 * Call inside a `describe`: while its tests run, this process's os.tmpdir()
 * (what the engine's own temporary folders go under) is a fresh folder of
 * the suite's, so a test can see that it left nothing there without seeing
 * other test files' folders (mocha runs files in parallel). Restored and
 * removed after the suite.
 */
export function useOwnTmpdir(prefix = 'esdh-own-tmp-'): void {
  let dir = '';
  let saved: string | undefined;
  before(() => {
    dir = makeTempDir(prefix);
    saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
  });
  after(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
}
