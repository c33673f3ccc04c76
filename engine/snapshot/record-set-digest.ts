/**
 * The checksum of a set of records in any order, so a table read back from a
 * database (in the database's order) can be compared with the snapshot's
 * records (in unit order) without sorting or holding either: each record's
 * canonical text (canonical-record.ts, the text verify compares copies by) is
 * hashed with SHA-256, and the digests, read as 256-bit big-endian unsigned
 * integers, are added modulo 2^256. Equal multisets of records give equal
 * sums; one changed, missing or extra record changes it (bar a collision).
 */
import { createHash } from 'node:crypto';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import { canonicalRecord } from './canonical-record.js';

/** 32-bit words of a SHA-256 digest. */
const WORDS = 8;
/** Records between carry propagations: each word lane then stays below 2^53, exact in a double. */
const NORMALIZE_EVERY = 1 << 20;

/** Count and order-independent checksum of records (see the file comment). */
export class RecordSetDigest {
  /** Lane i sums word i (most significant first) of every digest, carries not yet propagated. */
  private readonly lanes = new Array<number>(WORDS).fill(0);
  private sinceNormalized = 0;
  count = 0;

  constructor(private readonly fields: readonly string[]) {}

  add(record: EntityRecord): void {
    const digest = createHash('sha256').update(canonicalRecord(record, this.fields)).digest();
    for (let i = 0; i < WORDS; i++) this.lanes[i]! += digest.readUInt32BE(i * 4);
    this.count++;
    if (++this.sinceNormalized === NORMALIZE_EVERY) this.normalize();
  }

  /** The sum modulo 2^256 as 64 lower-case hex digits. */
  hex(): string {
    this.normalize();
    return this.lanes.map((w) => w.toString(16).padStart(8, '0')).join('');
  }

  /** Propagate carries from the least significant lane up; the carry out of the top lane is dropped (mod 2^256). */
  private normalize(): void {
    let carry = 0;
    for (let i = WORDS - 1; i >= 0; i--) {
      const total = this.lanes[i]! + carry;
      this.lanes[i] = total % 2 ** 32;
      carry = Math.floor(total / 2 ** 32);
    }
    this.sinceNormalized = 0;
  }
}

/** The checksum of one record alone (its SHA-256 as hex): what `RecordSetDigest` adds up. */
export function recordDigest(record: EntityRecord, fields: readonly string[]): string {
  return createHash('sha256').update(canonicalRecord(record, fields)).digest('hex');
}
