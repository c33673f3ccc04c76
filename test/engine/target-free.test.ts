/**
 * A database is an edge too: no file of engine/ names one, not even in a
 * comment (the core knows targets only through the Target contract, found
 * by URL scheme; the PostgreSQL target lives in adapters/exporters/postgres).
 * The one exception is what the composition root must say: the path it
 * imports the built-in targets from.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../helpers/package-root.js';

const DATABASE_WORD = /postgres|\bpg\b|psql|libpq|PGPASSWORD/i;
/** An import of the built-in targets by the composition root. */
const COMPOSE_IMPORT = /^import \{ builtinTargets \} from '\.\.\/\.\.\/adapters\/exporters\/[a-z]+\/index\.js';$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the core is target-free (engine/)', () => {
  it('no file of engine/ names PostgreSQL (or any database)', () => {
    const root = packageRoot();
    const found: string[] = [];
    for (const file of files(join(root, 'engine'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (relative(root, file).startsWith(join('engine', 'compose')) && COMPOSE_IMPORT.test(line)) return;
        if (DATABASE_WORD.test(line)) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).to.deep.equal([]);
  });

  it('the check would catch one', () => {
    expect(DATABASE_WORD.test("const url = 'postgresql://x'")).to.equal(true);
    expect(DATABASE_WORD.test('import pg from "pg"')).to.equal(true);
    expect(DATABASE_WORD.test('the target found by its URL scheme')).to.equal(false);
  });
});
