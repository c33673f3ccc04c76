/** `esdh doctor`'s Node check: the running version against package.json `engines.node`, read as npm reads it. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCheck } from '../../../../../adapters/transports/cli/commands/doctor.js';
import { packageRoot } from '../../../../helpers/package-root.js';

describe('esdh doctor: node version', () => {
  const engines: string = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).engines.node;

  it(`reads package.json engines.node (${engines}) and passes this Node`, () => {
    expect(nodeCheck()).to.deep.include({ name: 'node', status: 'ok', detail: `v${process.versions.node} (needs ${engines})` });
  });

  const cases: [string, string, 'ok' | 'fail'][] = [
    ['20.19.0', '>=20.19', 'ok'],
    ['20.18.3', '>=20.19', 'fail'],
    ['20.9.0', '>=20.19', 'fail'],
    ['22.1.0', '>=20.19', 'ok'],
    // Ranges the old "first number in the range" comparison misread:
    ['21.5.0', '^20.19 || >=22.12', 'fail'],
    ['22.12.0', '^20.19 || >=22.12', 'ok'],
    ['24.0.0', '>=20.19 <24', 'fail'],
    // A nightly or rc Node counts where it sorts, as npm's engines check does (includePrerelease).
    ['23.0.0-pre', '>=20.19', 'ok'],
  ];
  for (const [version, range, status] of cases) {
    it(`node ${version} against ${range} → ${status}`, () => {
      const check = nodeCheck(version, range);
      expect(check.status).to.equal(status);
      if (status === 'fail') expect(check).to.deep.include({ detail: `v${version}, but ESDH needs ${range}` }).and.have.property('fix').that.includes('nodejs.org');
    });
  }
});
