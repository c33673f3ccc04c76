/**
 * House style (docs/style.md, from faker): every value engine/index.ts exports has a
 * JSDoc with an @example, so a user sees the call and a sample result.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../helpers/package-root.js';

/** Value (not type) exports of engine/index.ts (and the entries it re-exports whole, such as kit.ts) with the file each comes from. */
export function publicValueExports(root: string, entry = 'index'): { name: string; file: string }[] {
  const index = readFileSync(join(root, 'engine', `${entry}.ts`), 'utf8');
  const out: { name: string; file: string }[] = [];
  for (const match of index.matchAll(/^export \{([^}]*)\} from '\.\/([^']+)\.js';$/gm)) {
    for (const raw of match[1]!.split(',')) {
      const name = raw.trim();
      if (name && !name.startsWith('type ')) out.push({ name, file: join(root, 'engine', `${match[2]}.ts`) });
    }
  }
  for (const match of index.matchAll(/^export \* from '\.\/([^']+)\.js';$/gm)) out.push(...publicValueExports(root, match[1]!));
  for (const match of index.matchAll(/^export (?:async )?function (\w+)/gm)) out.push({ name: match[1]!, file: join(root, 'engine', `${entry}.ts`) });
  return out;
}

describe('public API docs (engine/index.ts)', () => {
  const root = packageRoot();
  const exports = publicValueExports(root);

  it('finds the exports', () => {
    expect(exports.map((e) => e.name)).to.include.members(['createEngine', 'defineEntityPlugin', 'seedFor', 'loadSnapshot', 'RandomStream', 'uuidV4']);
  });

  for (const { name, file } of exports) {
    it(`${name} has a JSDoc with an @example`, () => {
      const source = readFileSync(file, 'utf8');
      const declaration = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)\\s*export (?:declare )?(?:async )?(?:function|class|const|let) ${name}\\b`).exec(source);
      expect(declaration, `no JSDoc right above the declaration of ${name} in ${file}`).to.not.equal(null);
      expect(declaration![1], `the JSDoc of ${name} has no @example`).to.include('@example');
    });
  }
});
