import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** The parts of data/scripts/build-names.mjs the tests call (a plain .mjs: typed here). */
interface BuildNames {
  surnameCase(upper: string): string;
  buildSurnames(text: string): unknown;
  serializeSurnames(table: unknown): string;
}

const SCRIPT = join(packageRoot(), 'data', 'scripts', 'build-names.mjs');
const EXTRACT = join(packageRoot(), 'data', 'scripts', 'sources', 'census-2010-surnames.extract.csv');

const FIXTURE_SURNAMES = [
  '# a tiny extract in the real layout',
  'head,3,1483.42',
  'SMITH,2442977',
  'JOHNSON,1932812',
  'MCDONALD,180497',
  'window,2293,50993.04,2294,50998.43',
  'OBRIEN',
  'VALDIVIA',
  '',
].join('\n');
const FIXTURE_SSA: Record<string, string> = {
  // CRLF as in SSA's own zip, to show the digest ignores it
  'yob2009.txt': 'Emma,F,50\r\nAva,F,30\r\nZoe,F,20\r\nLiam,M,60\r\nNoah,M,40\r\n',
  'yob2010.txt': 'Ava,F,45\nEmma,F,40\nNevaeh,F,15\nNoah,M,70\nLiam,M,30\n',
};

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

describe('data/scripts/build-names.mjs', () => {
  const tempDir = useTempDirs('esdh-names-');

  function writeFixture(): { surnames: string; ssa: string; surnamesSha: string; ssaSha: string } {
    const dir = tempDir();
    const surnames = join(dir, 'surnames.csv');
    writeFileSync(surnames, FIXTURE_SURNAMES);
    const ssa = join(dir, 'ssa');
    mkdirSync(ssa);
    for (const [file, text] of Object.entries(FIXTURE_SSA)) writeFileSync(join(ssa, file), text);
    const ssaSha = sha256(Object.keys(FIXTURE_SSA).sort().map((f) => FIXTURE_SSA[f]!.replace(/\r/g, '')).join(''));
    return { surnames, ssa, surnamesSha: sha256(FIXTURE_SURNAMES), ssaSha };
  }

  function run(args: string[]): { status: number | null; stderr: string } {
    const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr };
  }

  it('writes byte-identical tables from the same inputs', () => {
    const f = writeFixture();
    const outputs = [tempDir(), tempDir()].map((out) => {
      const result = run(['--surnames', f.surnames, '--ssa', f.ssa, '--out', out, '--surnames-sha256', f.surnamesSha, '--ssa-sha256', f.ssaSha]);
      expect(result.status, result.stderr).to.equal(0);
      return ['surnames.json', 'first-names-by-year.json'].map((file) => readFileSync(join(out, file)));
    });
    expect(outputs[0]![0]!.equals(outputs[1]![0]!)).to.equal(true);
    expect(outputs[0]![1]!.equals(outputs[1]![1]!)).to.equal(true);

    const surnames = JSON.parse(outputs[0]![0]!.toString('utf8')) as { head: [string, number][]; tail: string[]; population: number; tail_weight: number };
    expect(surnames.head).to.deep.equal([['Smith', 2442977], ['Johnson', 1932812], ['McDonald', 180497]]);
    expect(surnames.tail).to.deep.equal(["O'Brien", 'Valdivia']);
    // The head is 1.48342% of the population; the rest is shared by the two tail names.
    expect(surnames.population).to.equal(Math.round(4556286 / 0.0148342));
    expect(surnames.tail_weight).to.equal(Math.round((surnames.population - 4556286) / 2));

    const first = JSON.parse(outputs[0]![1]!.toString('utf8')) as {
      first_year: number;
      last_year: number;
      female: { births: number[]; names: (string | number)[][] };
    };
    expect([first.first_year, first.last_year]).to.deep.equal([2009, 2010]);
    expect(first.female.births).to.deep.equal([100, 100]);
    // 85% of births: 2009 keeps Emma, Ava, Zoe (50+30 < 85); 2010 keeps Ava, Emma, Nevaeh (45+40 = 85 stops before Nevaeh).
    expect(first.female.names).to.deep.equal([['Emma', 0, 50, 40], ['Ava', 0, 30, 45], ['Zoe', 0, 20]]);
  });

  it('refuses an input whose sha256 is not the recorded one, writing nothing', () => {
    const f = writeFixture();
    const out = join(tempDir(), 'out');
    const result = run(['--surnames', f.surnames, '--ssa', f.ssa, '--out', out]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
    expect(existsSync(out)).to.equal(false);
  });

  it('puts Census names in their usual case', async () => {
    const names = (await import(pathToFileURL(SCRIPT).href)) as BuildNames;
    const cases: [string, string][] = [
      ['SMITH', 'Smith'],
      ['MCDONALD', 'McDonald'],
      ['OBRIEN', "O'Brien"],
      ['ODOM', 'Odom'],
      ['MACDONALD', 'MacDonald'],
      ['MACK', 'Mack'],
      ['DANGELO', "D'Angelo"],
      ['DELACRUZ', 'De La Cruz'],
      ['STJOHN', 'St. John'],
      ['VANHORN', 'Vanhorn'],
    ];
    for (const [upper, expected] of cases) expect(names.surnameCase(upper), upper).to.equal(expected);
  });

  it('the committed surnames.json is what the script makes from the committed extract', async () => {
    const names = (await import(pathToFileURL(SCRIPT).href)) as BuildNames;
    const text = readFileSync(EXTRACT, 'latin1');
    const built = names.serializeSurnames(names.buildSurnames(text));
    expect(built).to.equal(readFileSync(join(packageRoot(), 'data', 'reference', 'person', 'surnames.json'), 'utf8'));
  });
});
