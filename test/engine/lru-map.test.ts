/** LruMap (engine/lib/lru-map.ts): bounded, least recently used (read or set) out first, nothing kept at 0, bad limits refused. */
import { expect } from 'chai';
import { LruMap } from '../../engine/index.js';

describe('engine/lib LruMap', () => {
  it('keeps at most limit entries; a read or a set makes an entry the most recently used', () => {
    const kept = new LruMap<string, number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    expect(kept.get('a')).to.equal(1);
    kept.set('c', 3);
    expect([kept.has('a'), kept.has('b'), kept.has('c')]).to.deep.equal([true, false, true]);
    kept.set('a', 10);
    kept.set('d', 4);
    expect([kept.get('a'), kept.has('c'), kept.get('d'), kept.size]).to.deep.equal([10, false, 4, 2]);
    expect([...kept.values()]).to.deep.equal([10, 4]);
    expect(kept.delete('a')).to.equal(true);
    expect(kept.size).to.equal(1);
  });

  it('keeps nothing at limit 0 and refuses a limit that is not a whole number >= 0, naming the cache', () => {
    const none = new LruMap<string, number>(0);
    expect(none.set('a', 1)).to.equal(1);
    expect(none.size).to.equal(0);
    expect(() => new LruMap(-1, 'SetupCache')).to.throw(RangeError, 'SetupCache limit: a whole number >= 0 (got -1)');
    expect(() => new LruMap(1.5)).to.throw(RangeError);
  });
});
