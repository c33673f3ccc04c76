/**
 * The dependency rules of docs/architecture.md (.dependency-cruiser.cjs) hold
 * for the repository, and each rule catches the violation it names: a small
 * tree made here breaks every rule once.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const root = packageRoot();
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string): { code: number; out: string } {
  const result = spawnSync(process.execPath, [depcruise, 'engine', 'plugins', 'adapters', 'config', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
}

describe('dependency rules (dependency-cruiser)', () => {
  const tempDir = useTempDirs('esdh-deps-');

  it('the repository has no violation and no cycle', function () {
    this.timeout(60_000);
    const { code, out } = cruise(root);
    expect(out).to.not.match(/error /);
    expect(code, out).to.equal(0);
  });

  it('each rule catches its violation', function () {
    this.timeout(60_000);
    const dir = tempDir();
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    const files: Record<string, string> = {
      'engine/engine.ts': "export const facade = 1;\n",
      'engine/index.ts': "export * from './kit.js';\nexport { facade } from './engine.js';\n",
      'engine/kit.ts': "export { compose } from './compose/compose-engine.js';\n",
      'engine/compose/compose-engine.ts': "import '../../plugins/index.js';\nexport const compose = 1;\n",
      'engine/generate/uses-facade.ts': "import { facade } from '../engine.js';\nexport const a = facade;\n",
      'engine/snapshot/imports-adapter.ts': "import '../../adapters/exporters/csv/csv.js';\n",
      'engine/lib/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = b;\n",
      'engine/lib/cycle-b.ts': "import type { a } from './cycle-a.js';\nexport const b: typeof a = 1;\n",
      'engine/lib/imports-transport.ts': "import '../../adapters/transports/http/app.js';\n",
      'plugins/index.ts': "import { facade } from '../engine/engine.js';\nexport const p = facade;\n",
      'adapters/exporters/csv/csv.ts': "import '../../../engine/lib/cycle-a.js';\n",
      'adapters/transports/http/app.ts': "import '../../../engine/generate/uses-facade.js';\n",
      'adapters/transports/cli/commands/run.ts': "export const run = 1;\n",
      'adapters/transports/cli/commands/demo.ts': "import { run } from './run.js';\nexport const demo = run;\n",
      'adapters/transports/cli/commands/index.ts': "export const load = () => import('./run.js');\n",
      'config/load-config.ts': "import '../engine/index.js';\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const { code, out } = cruise(dir);
    expect(code).to.not.equal(0);
    const broken = (rule: string) => out.split('\n').filter((line) => line.includes(rule));
    expect(broken('no-circular'), out).to.not.deep.equal([]);
    expect(broken('only-compose-imports-the-edges').join('\n')).to.include('engine/snapshot/imports-adapter.ts');
    expect(broken('authors-use-the-kit').join('\n')).to.include('plugins/index.ts').and.include('adapters/exporters/csv/csv.ts').and.include('config/load-config.ts');
    expect(broken('transports-use-the-public-entries').join('\n')).to.include('adapters/transports/http/app.ts');
    expect(broken('nothing-below-the-facade-imports-it').join('\n')).to.include('engine/generate/uses-facade.ts');
    expect(broken('the-kit-composes-nothing').join('\n')).to.include('engine/kit.ts');
    expect(broken('a-command-never-imports-another').join('\n')).to.include('commands/demo.ts').and.not.include('commands/index.ts');
    expect(broken('the-core-never-imports-transports').join('\n')).to.include('engine/lib/imports-transport.ts');
  });
});
