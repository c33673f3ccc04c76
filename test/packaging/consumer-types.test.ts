/**
 * The types a project gets from `esdh`, compiled the way that project would:
 * a temporary package ("type": "module", tsconfig strict + NodeNext) whose
 * node_modules/esdh links to this repository (its `exports` point into dist/,
 * which `npm test` builds), checked by the repository's own tsc. The README's
 * embedding examples, the typed plugin of docs/plugins.md (on the types
 * `esdh plugin new` + `esdh codegen` give it) and
 * test/fixtures/consumer/typed.ts.fixture must compile; errors.ts.fixture
 * must fail on exactly the lines it marks.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateTypes } from '../../engine/index.js';
import { schemaFile } from '../../adapters/transports/cli/scaffold/templates.js';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const ROOT = packageRoot();
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'consumer');
/** The mark of a line that must not compile. */
const MARK = '// ✗';

interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The README's TypeScript blocks that embed the engine (they use createEngine). */
export function readmeEmbeddingBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => block.includes('createEngine'));
}

/** The block after `<!-- types:file <path> -->` in docs/plugins.md, by path. */
function docsTypedBlocks(): Record<string, string> {
  const docs = readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8');
  return Object.fromEntries([...docs.matchAll(/<!-- types:file (\S+)[^\n]*-->\n```ts\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));
}

/** The driver_history types as a scaffolded project has them: the scaffold's schema through codegen. */
async function driverHistoryTypes(scratch: string): Promise<Record<string, string>> {
  const dir = join(scratch, 'driver_history');
  mkdirSync(dir);
  const idSchema = { type: 'string', format: 'uuid' };
  writeFileSync(join(dir, 'driver_history.schema.json'), schemaFile({
    name: 'driver_history', plural: 'driver_histories', typeName: 'DriverHistory', engineRange: '^0.2.0', ext: '.js',
    dependencies: [{ name: 'person', idField: 'person_id', idSchema, oneToMany: false }, { name: 'vehicle', idField: 'vehicle_id', idSchema, oneToMany: false }],
  }));
  const files = await generateTypes(dir, 'plugins/driver_history/generated');
  return Object.fromEntries(files.map((f) => [f.path, f.content]));
}

/** 1-based numbers of the lines carrying the ✗ mark. */
function markedLines(source: string): number[] {
  return source.split('\n').flatMap((line, i) => (line.includes(MARK) ? [i + 1] : []));
}

describe('packaging: the types a consumer project compiles against', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-types-');

  /** A consumer project with `files`, compiled once by tsc; its diagnostics. */
  function compile(files: Record<string, string>): { status: number | null; diagnostics: Diagnostic[]; output: string } {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'esdh'), 'dir');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true,
        types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: Object.keys(files),
    }, null, 2));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const result = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
    expect(result.error, result.error?.message).to.equal(undefined);
    const output = `${result.stdout}${result.stderr}`;
    const diagnostics = [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map((m) => ({ file: m[1]!, line: Number(m[2]), text: m[3]! }));
    return { status: result.status, diagnostics, output };
  }

  it('README examples, the docs\' typed plugin and typed.ts compile; errors.ts fails on each marked line and nowhere else', async () => {
    expect(existsSync(join(ROOT, 'dist', 'engine', 'index.d.ts')), 'build first (npm test runs tsc)').to.equal(true);
    const blocks = readmeEmbeddingBlocks();
    expect(blocks.length, 'README TypeScript blocks that use createEngine').to.be.at.least(2);
    const docs = docsTypedBlocks();
    expect(Object.keys(docs), 'docs/plugins.md <!-- types:file --> blocks').to.deep.equal(['plugins/driver_history/driver_history.ts']);
    const errors = readFileSync(join(FIXTURES, 'errors.ts.fixture'), 'utf8');
    const files: Record<string, string> = {
      ...docs,
      ...(await driverHistoryTypes(tempDir())),
      'typed.ts': readFileSync(join(FIXTURES, 'typed.ts.fixture'), 'utf8'),
      'errors.ts': errors,
      ...Object.fromEntries(blocks.map((block, i) => [`readme-${i + 1}.ts`, block])),
    };
    const { status, diagnostics, output } = compile(files);

    const elsewhere = diagnostics.filter((d) => d.file !== 'errors.ts');
    expect(elsewhere, `only errors.ts may have type errors:\n${output}`).to.deep.equal([]);
    const expected = markedLines(errors);
    expect(expected.length).to.be.at.least(8);
    const lines = [...new Set(diagnostics.map((d) => d.line))].sort((a, b) => a - b);
    expect(lines, `errors.ts: the lines with errors are the marked ones\n${output}`).to.deep.equal(expected);
    expect(status, output).to.not.equal(0);
  });

  it('a correct file alone compiles with exit 0 (the harness does not fail everything)', () => {
    const { status, output } = compile({ 'typed.ts': readFileSync(join(FIXTURES, 'typed.ts.fixture'), 'utf8') });
    expect(status, output).to.equal(0);
  });
});
