/**
 * data/scripts/build-vehicle-catalogue.mjs is deterministic: built twice for
 * the same models it writes the same bytes, and those models' entries are
 * the ones committed in data/reference/vehicle/catalogue.json.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../../plugins/vehicle/catalogue.js';
import { packageRoot, readPackageJson } from '../../helpers/package-root.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const MODELS = ['Tesla Model 3', 'Jeep Gladiator', 'Volvo 240 Series'];

function build(out: string): string {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'data', 'scripts', 'build-vehicle-catalogue.mjs'), '--models', MODELS.join(','), '--out', out], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(result.status, result.stderr).to.equal(0);
  return readFileSync(out, 'utf8');
}

describe('data/scripts/build-vehicle-catalogue.mjs', function () {
  this.timeout(600_000);
  const tempDir = useTempDirs();

  it('builds the same bytes twice, and the committed entries of those models', () => {
    const dir = tempDir();
    const first = build(join(dir, 'a.json'));
    const second = build(join(dir, 'b.json'));
    expect(second).to.equal(first);

    const built = JSON.parse(first) as Catalogue;
    const committed = readPackageJson<Catalogue>('data/reference/vehicle/catalogue.json');
    expect(built.source).to.deep.equal(committed.source);
    expect(built.body_styles).to.deep.equal(committed.body_styles);
    expect(built.fleet).to.deep.equal(committed.fleet);
    const names = built.makes.flatMap((m) => m.models.map((x) => `${m.make} ${x.model}`));
    expect(names).to.have.members(MODELS);
    for (const make of built.makes) {
      const mine = committed.makes.find((m) => m.make === make.make)!;
      expect(make.weight).to.equal(mine.weight);
      for (const model of make.models) expect(model, `${make.make} ${model.model}`).to.deep.equal(mine.models.find((m) => m.model === model.model));
    }
  });
});
