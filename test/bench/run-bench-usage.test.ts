/** `npm run bench -- --help` explains the options; a wrong option or value says what is wrong, exit 2, no stack, nothing run. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../helpers/package-root.js';

function bench(argv: string[]) {
  return spawnSync(process.execPath, [join(packageRoot(), 'dist', 'bench', 'run-bench.js'), ...argv], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
}

describe('npm run bench: its command line', function () {
  this.timeout(30_000);

  it('--help lists every option and exits 0 without running anything', () => {
    const result = bench(['--help']);
    expect(result.status, result.stderr).to.equal(0);
    for (const option of ['--quick', '--sizes', '--rounds', '--dir', '--no-doc', '--profile', '--workers', '--no-formats', '--no-book', '--book-records', '--no-ceiling', '--no-http', '--no-where', '--where-records']) {
      expect(result.stdout, option).to.include(option);
    }
    expect(result.stderr).to.equal('');
  });

  it('an unknown option or a bad value: one line saying what, a pointer to --help, exit 2, no stack', () => {
    for (const [argv, message] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--rounds', 'x'], /--rounds: a whole number >= 1 \(got x\)/],
      [['--sizes', '10,abc'], /--sizes: whole numbers/],
      [['--workers', '0'], /--workers: a whole number >= 1/],
      [['--profile', 'sometimes'], /--profile: auto, always or never/],
    ] as const) {
      const result = bench([...argv]);
      expect(result.status, argv.join(' ')).to.equal(2);
      expect(result.stderr, argv.join(' ')).to.match(message).and.include('--help').and.not.match(/\n\s+at /);
      expect(result.stdout, argv.join(' ')).to.equal('');
    }
  });
});
