/**
 * The core knows no output format: formats belong to their exporters
 * (adapters/exporters/<format>/), found by an artifact's `format` name. So no
 * string in engine/ (comments aside) names a built-in format or one of its
 * file roles, and nothing in engine/ but the composition root imports
 * adapters/. Read with the TypeScript parser, so comments and JSDoc
 * examples do not count and every string and template piece does.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { packageRoot } from '../helpers/package-root.js';

/**
 * Words that would mean the core knows a format: the built-in formats and
 * their file roles. `application/x-ndjson` is the HTTP media type a transport's
 * error message names (the error table is one table for every layer), not a
 * snapshot format.
 */
const FORMAT_WORD = /(^|[^a-z0-9])(?<!application\/x-)(csv|ndjson|dataset_json|metadata_json)([^a-z0-9]|$)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every string-ish literal of a file (strings, templates' pieces) and every module specifier it imports. */
function literalsAndImports(path: string): { literals: { text: string; line: number }[]; imports: string[] } {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: { text: string; line: number }[] = [];
  const imports: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) imports.push(node.arguments[0].text);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      literals.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, imports };
}

describe('the core is format-free (engine/)', () => {
  const root = packageRoot();
  const files = tsFiles(join(root, 'engine'));

  it('finds the engine sources', () => {
    expect(files.map((f) => relative(root, f))).to.include.members(['engine/snapshot/verify.ts', 'engine/snapshot/merge.ts', 'engine/engine.ts']);
  });

  it("no string in engine/ names a format or a format's file role (csv, ndjson, json, dataset_json, metadata_json)", () => {
    const found: string[] = [];
    for (const file of files) {
      for (const { text, line } of literalsAndImports(file).literals) {
        if (FORMAT_WORD.test(text) || text === 'json') found.push(`${relative(root, file)}:${line}: ${JSON.stringify(text)}`);
      }
    }
    expect(found).to.deep.equal([]);
  });

  it('nothing in engine/ imports adapters/ except the composition root (engine/compose)', () => {
    const found: string[] = [];
    for (const file of files) {
      if (relative(root, file).startsWith(join('engine', 'compose'))) continue;
      for (const specifier of literalsAndImports(file).imports) if (/(^|\/)adapters\//.test(specifier)) found.push(`${relative(root, file)} imports ${specifier}`);
    }
    expect(found).to.deep.equal([]);
  });

  it('the check sees strings and template pieces, not comments (it would have caught the old code)', () => {
    const probe = join(root, 'test', 'engine', 'format-free.test.ts');
    const texts = literalsAndImports(probe).literals.map((l) => l.text);
    expect(texts).to.include('json');
    expect(FORMAT_WORD.test('persons_csv')).to.equal(true);
    expect(FORMAT_WORD.test(`\${plural}_ndjson`)).to.equal(true);
    expect(FORMAT_WORD.test('snapshot_manifest_v0_1.json')).to.equal(false);
  });
});
