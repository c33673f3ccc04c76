/**
 * The order-independent checksum `verify --db` compares tables with: the sum
 * of the records' SHA-256 (over their canonical text) modulo 2^256.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { canonicalRecord } from '../../../engine/snapshot/canonical-record.js';
import { RecordSetDigest } from '../../../engine/snapshot/record-set-digest.js';

const FIELDS = ['id', 'name', 'n'];
const records = Array.from({ length: 500 }, (_, i) => ({ id: `r${i}`, name: `name ${i % 7}`, n: i }));

function digest(list: readonly Record<string, unknown>[]): string {
  const d = new RecordSetDigest(FIELDS);
  for (const r of list) d.add(r);
  return d.hex();
}

describe('RecordSetDigest', () => {
  it('is the sum of the SHA-256 of each canonical record text modulo 2^256 (carries included)', () => {
    let sum = 0n;
    for (const r of records) sum = (sum + BigInt(`0x${createHash('sha256').update(canonicalRecord(r, FIELDS)).digest('hex')}`)) % 2n ** 256n;
    expect(digest(records)).to.equal(sum.toString(16).padStart(64, '0'));
    expect(digest([])).to.equal('0'.repeat(64));
    expect(digest([records[0]!])).to.equal(createHash('sha256').update(canonicalRecord(records[0]!, FIELDS)).digest('hex'));
  });

  it('does not depend on order, nor on the key order of a record', () => {
    const shuffled = [...records].reverse();
    shuffled.push(shuffled.splice(100, 1)[0]!);
    expect(digest(shuffled)).to.equal(digest(records));
    expect(digest([{ n: 0, name: 'name 0', id: 'r0' }])).to.equal(digest([records[0]!]));
  });

  it('changes with one changed value, a missing record or a duplicated one', () => {
    const base = digest(records);
    expect(digest(records.map((r, i) => (i === 250 ? { ...r, name: 'other' } : r)))).to.not.equal(base);
    expect(digest(records.map((r, i) => (i === 250 ? { ...r, n: '250' } : r))), 'a number is not its text').to.not.equal(base);
    expect(digest(records.slice(1))).to.not.equal(base);
    expect(digest([...records, records[3]!])).to.not.equal(base);
    const d = new RecordSetDigest(FIELDS);
    for (const r of records) d.add(r);
    expect(d.count).to.equal(500);
  });
});
