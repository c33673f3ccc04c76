import { expect } from 'chai';
import { numbering } from '../../../plugins/policy/numbering.js';

describe('plugins/policy/numbering', () => {
  it('is a permutation of the whole space (3 digits: all 1000 numbers, each once)', () => {
    const n = numbering(3, 42, 'policy');
    const seen = new Set(Array.from({ length: 1000 }, (_, i) => n.at(i)));
    expect(seen.size).to.equal(1000);
    expect(Math.min(...seen)).to.equal(0);
    expect(Math.max(...seen)).to.equal(999);
  });

  it('gives distinct 7- and 10-digit numbers across a sample of indices up to the space, keyed by seed and label', () => {
    const policy = numbering(7, 20251101, 'policy');
    const indices = [...Array.from({ length: 20_000 }, (_, i) => i), ...Array.from({ length: 20_000 }, (_, i) => 9_999_999 - i)];
    expect(new Set(indices.map((i) => policy.digits(i))).size).to.equal(indices.length);
    expect(policy.digits(5)).to.match(/^\d{7}$/);
    const claim = numbering(10, 20251101, 'claim');
    const big = [0, 1, 64, 639_999_999, 640_000_000, 9_999_999_999];
    expect(new Set(big.map((i) => claim.digits(i))).size).to.equal(big.length);
    for (const i of big) expect(claim.digits(i)).to.match(/^\d{10}$/);
    expect(numbering(7, 1, 'policy').digits(0)).to.not.equal(numbering(7, 2, 'policy').digits(0));
  });
});
