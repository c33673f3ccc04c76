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
