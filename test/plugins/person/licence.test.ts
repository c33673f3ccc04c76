import { expect } from 'chai';
import { RandomStream } from '../../../engine/lib/random.js';
import { WA_LICENCE_CHARS, licenceNumber } from '../../../plugins/person/licence.js';
import { readPackageJson } from '../../helpers/package-root.js';

interface StateRow {
  code: string;
  licence: { template: string; pattern: string };
}

const states = readPackageJson<StateRow[]>('data/reference/address/states.json');

describe('plugins/person/licence', () => {
  it('every state template yields numbers matching the state pattern over many seeds', () => {
    expect(states).to.have.length(51);
    for (const state of states) {
      const pattern = new RegExp(state.licence.pattern);
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) {
        const n = licenceNumber(state.licence.template, new RandomStream(20251101, 0, i, 0));
        expect(n, `${state.code} ${n}`).to.match(pattern);
        expect(n, 'v0.1 contract').to.match(/^[A-Z0-9-]{5,16}$/);
        seen.add(n);
      }
      expect(seen.size, `${state.code} distinct numbers`).to.be.greaterThan(1990);
    }
  });

  it('matches the docs/domain-rules.md formats exactly', () => {
    const make = (code: string, i: number) =>
      licenceNumber(states.find((s) => s.code === code)!.licence.template, new RandomStream(1, 0, i, 0));
    for (let i = 0; i < 200; i++) {
      expect(make('CA', i)).to.match(/^[A-Z]\d{7}$/);
      expect(make('AZ', i)).to.match(/^[A-Z]\d{8}$/);
      expect(make('NV', i)).to.match(/^\d{10}$/);
      expect(make('OR', i)).to.match(/^\d{7}$/);
      const wa = make('WA', i);
      expect(wa).to.have.length(12);
      expect(wa.slice(0, 3)).to.equal('WDL');
      for (const ch of wa.slice(3)) expect('AEIOUQV').not.to.include(ch);
    }
  });

  it('keeps literals, fills placeholders, and is deterministic', () => {
    const r1 = new RandomStream(5, 0, 3, 0);
    const r2 = new RandomStream(5, 0, 3, 0);
    const a = licenceNumber('X-L#*', r1);
    expect(a).to.match(/^X-[A-Z]\d[BCDFGHJKLMNPRSTWXYZ0-9]$/);
    expect(licenceNumber('X-L#*', r2)).to.equal(a);
    expect(WA_LICENCE_CHARS).to.have.length(29);
  });

  it('reads a backslash as "next character literal", so WDL is not a placeholder', () => {
    const r = new RandomStream(11, 0, 0, 0);
    expect(licenceNumber('\\L\\#\\*\\\\', r)).to.equal('L#*\\');
    expect(licenceNumber('WD\\L***', new RandomStream(11, 0, 1, 0))).to.match(/^WDL[BCDFGHJKLMNPRSTWXYZ0-9]{3}$/);
    expect(() => licenceNumber('L#\\', new RandomStream(11))).to.throw(RangeError);
  });

  it('uses every WA character over enough draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const ch of licenceNumber('*********', new RandomStream(9, 0, i, 0))) seen.add(ch);
    expect([...seen].sort().join('')).to.equal([...WA_LICENCE_CHARS].sort().join(''));
  });
});
