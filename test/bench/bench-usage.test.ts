/** Every bench script with options explains them with --help and refuses a wrong one (exit 2, one line, no stack) before it runs anything. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../helpers/package-root.js';

interface Script {
  readonly file: string;
  /** The name its messages start with. */
  readonly name: string;
  readonly options: readonly string[];
  /** Wrong values, each with the message it must give. */
  readonly wrong: readonly (readonly [argv: readonly string[], message: RegExp])[];
  /** Whether it takes --dir (a folder it would write into once it runs). */
  readonly dir: boolean;
}

const SCRIPTS: readonly Script[] = [
  {
    file: 'run-bench.js',
    name: 'bench',
    options: ['--quick', '--sizes', '--rounds', '--dir', '--doc', '--no-doc', '--profile', '--workers', '--no-formats', '--no-book', '--book-records', '--no-ceiling', '--no-http', '--no-queue', '--no-where', '--where-records', '--help'],
    wrong: [
      [['--book-records', '0'], /--book-records: a whole number >= 1 \(got 0\)/],
      [['--rounds', 'x'], /--rounds: a whole number >= 1 \(got x\)/],
      [['--sizes', '10,abc'], /--sizes: a whole number >= 1 \(got abc\)/],
      [['--workers', '0'], /--workers: a whole number >= 1 \(got 0\)/],
      [['--where-records', '1.5'], /--where-records: a whole number >= 1 \(got 1.5\)/],
      [['--profile', 'sometimes'], /--profile: auto, always or never \(got sometimes\)/],
    ],
    dir: true,
  },
  {
    file: 'queue-bench.js',
    name: 'queue-bench',
    options: ['--bundles', '--shards', '--rounds', '--redis', '--dir', '--help'],
    wrong: [
      [[], /no Redis: pass --redis/],
      [['--redis', 'http://127.0.0.1:1'], /--redis: a redis:\/\/ or rediss:\/\/ URL \(got http:\/\/127.0.0.1:1\)/],
      [['--redis', 'redis://127.0.0.1:1', '--shards', '0'], /--shards: a whole number >= 1 \(got 0\)/],
      [['--redis', 'redis://127.0.0.1:1', '--bundles', '1.5'], /--bundles: a whole number >= 1 \(got 1.5\)/],
    ],
    dir: true,
  },
  {
    file: 'where-bench.js',
    name: 'where-bench',
    options: ['--records', '--rounds', '--where', '--profile', '--dir', '--help'],
    wrong: [
      [['--rounds', 'x'], /--rounds: a whole number >= 1 \(got x\)/],
      [['--records', '0'], /--records: a whole number >= 1 \(got 0\)/],
    ],
    dir: true,
  },
  {
    file: 'http-bench.js',
    name: 'http-bench',
    options: ['--rounds', '--duration', '--warmup', '--connections', '--records', '--compare', '--cpu-prof', '--help'],
    wrong: [
      [['--connections', '0'], /--connections: a whole number >= 1 \(got 0\)/],
      [['--warmup', '0.5'], /--warmup: a whole number >= 0 \(got 0.5\)/],
      [['--compare', '/nonexistent/bin/esdh.js'], /--compare: .*\/nonexistent\/bin\/esdh.js/],
    ],
    dir: false,
  },
  {
    file: 'compare-builds.js',
    name: 'compare-builds',
    options: ['<other checkout>', '--records', '--rounds', '--format', '--help'],
    wrong: [
      [[], /one other built ESDH checkout to compare with \(got 0 arguments\)/],
      [['/nonexistent'], /<other checkout>: .*bin\/esdh.js \(got \/nonexistent/],
      [['.', '--records', '1.5'], /--records: a whole number >= 1 \(got 1.5\)/],
    ],
    dir: false,
  },
  {
    file: 'json-writer.js',
    name: 'json-writer',
    options: ['--records', '--rounds', '--warmup', '--dir', '--help'],
    wrong: [
      [['--warmup', '0'], /--warmup: a whole number >= 1 \(got 0\)/],
      [['--rounds', 'two'], /--rounds: a whole number >= 1 \(got two\)/],
    ],
    dir: true,
  },
  {
    file: 'validate-bench.js',
    name: 'validate-bench',
    options: ['--records', '--rounds', '--profile', '--before', '--help'],
    wrong: [
      [['--records', 'lots'], /--records: a whole number >= 1 \(got lots\)/],
      [['--before', '/nonexistent'], /--before: .*schema-registry.js \(got \/nonexistent/],
    ],
    dir: false,
  },
];

function bench(file: string, argv: readonly string[]) {
  return spawnSync(process.execPath, [join(packageRoot(), 'dist', 'bench', file), ...argv], { cwd: packageRoot(), encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
}

/** A refusal: exit 2, nothing on stdout, on stderr the message line and the --help pointer, no stack. */
function expectRefused(script: Script, argv: readonly string[], message: RegExp): void {
  const what = `${script.file} ${argv.join(' ')}`;
  const result = bench(script.file, argv);
  expect(result.status, `${what}: ${result.stderr}`).to.equal(2);
  expect(result.stdout, what).to.equal('');
  expect(result.stderr, what).to.not.include('\n    at ');
  const lines = result.stderr.split('\n');
  expect(lines, what).to.have.length(3);
  expect(lines[0], what).to.match(new RegExp(`^${script.name}: `)).and.match(message);
  expect(lines[1], what).to.equal('Run with --help for the options.');
}

describe('bench scripts: their command lines', function () {
  this.timeout(120_000);

  for (const script of SCRIPTS) {
    describe(script.file, () => {
      it('--help names every option on stdout, exits 0, says nothing on stderr', () => {
        const result = bench(script.file, ['--help']);
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stderr).to.equal('');
        for (const option of script.options) expect(result.stdout, option).to.include(option);
      });

      it('an unknown option: exit 2, one line naming it and the --help pointer, no stack', () => {
        expectRefused(script, ['--bogus'], /Unknown option '--bogus'/);
      });

      it('a wrong value: the option, what was given and what is accepted, exit 2', () => {
        for (const [argv, message] of script.wrong) expectRefused(script, argv, message);
      });

      if (script.dir) {
        it('a refused value writes nothing into --dir: refused before anything runs', () => {
          const [argv, message] = script.wrong[script.wrong.length - 1]!;
          const dir = mkdtempSync(join(tmpdir(), 'esdh-bench-usage-'));
          try {
            expectRefused(script, ['--dir', dir, ...argv], message);
            expect(readdirSync(dir)).to.deep.equal([]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    });
  }

  it('importing http-bench.js (as run-bench.js does) runs no bench: its exports only', () => {
    const url = pathToFileURL(join(packageRoot(), 'dist', 'bench', 'http-bench.js')).href;
    const script = `const m = await import(${JSON.stringify(url)}); console.log(typeof m.runHttpBench, typeof m.httpBenchLines);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('function function\n');
    expect(result.stderr).to.equal('');
  });
});
