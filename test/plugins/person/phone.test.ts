import { expect } from 'chai';
import { RandomStream } from '../../../engine/lib/random.js';
import { fictionalPhone, isFictionalPhone } from '../../../plugins/person/phone.js';
import { readPackageJson } from '../../helpers/package-root.js';

interface StateRow {
  code: string;
  area_codes: string[];
}

const states = readPackageJson<StateRow[]>('data/reference/address/states.json');

describe('plugins/person/phone', () => {
  it('draws NPA-555-01XX with an area code of the state, for many seeds', () => {
    for (const state of states) {
      const lines = new Set<string>();
      const npas = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const phone = fictionalPhone(state.area_codes, new RandomStream(42, 0, i, 0));
        expect(phone).to.match(/^\d{3}-555-01\d{2}$/);
        expect(state.area_codes).to.include(phone.slice(0, 3));
        expect(isFictionalPhone(phone, state.area_codes), phone).to.equal(true);
        lines.add(phone.slice(8));
        npas.add(phone.slice(0, 3));
      }
      expect(lines.size, `${state.code} lines`).to.equal(100);
      expect(npas.size, `${state.code} area codes`).to.equal(state.area_codes.length);
    }
  });

  it('is deterministic for a stream', () => {
    const codes = ['415', '510'];
    expect(fictionalPhone(codes, new RandomStream(3, 1, 2, 0))).to.equal(fictionalPhone(codes, new RandomStream(3, 1, 2, 0)));
  });

  it('rejects numbers outside the fictional range or state', () => {
    const ca = ['415', '213'];
    expect(isFictionalPhone('415-555-0142', ca)).to.equal(true);
    expect(isFictionalPhone('415-555-0200', ca)).to.equal(false);
    expect(isFictionalPhone('415-555-0099', ca)).to.equal(false);
    expect(isFictionalPhone('415-556-0142', ca)).to.equal(false);
    expect(isFictionalPhone('602-555-0142', ca)).to.equal(false);
    expect(isFictionalPhone('4155550142', ca)).to.equal(false);
    expect(isFictionalPhone(' 415-555-0142', ca)).to.equal(false);
    expect(() => fictionalPhone([], new RandomStream(1))).to.throw(RangeError);
  });
});
