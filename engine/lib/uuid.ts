import { createHash } from 'node:crypto';
import type { RandomStream } from './random.js';

/** ASCII codes of the two hex digits of each byte value: [2b] high, [2b+1] low. */
const HEX_CODES = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  HEX_CODES[2 * b] = hex.charCodeAt(0);
  HEX_CODES[2 * b + 1] = hex.charCodeAt(1);
}

/** Character codes of the UUID being formatted (dashes fixed). */
const UUID_CODES = new Uint8Array(36).fill(45);
/** Where each of the 16 bytes starts in the 8-4-4-4-12 text. */
const BYTE_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;

function putWord(word: number, firstByte: number): void {
  for (let i = 0; i < 4; i++) {
    const b = (word >>> (24 - 8 * i)) & 0xff;
    const at = BYTE_AT[firstByte + i]!;
    UUID_CODES[at] = HEX_CODES[2 * b]!;
    UUID_CODES[at + 1] = HEX_CODES[2 * b + 1]!;
  }
}

const fromCharCode = String.fromCharCode;

/**
 * The canonical 8-4-4-4-12 text of four big-endian 32-bit words, made in one
 * piece (String.fromCharCode): a flat string, not a rope of 20 parts that
 * every exporter would have to flatten again.
 */
function formatWords(w0: number, w1: number, w2: number, w3: number): string {
  putWord(w0, 0);
  putWord(w1, 4);
  putWord(w2, 8);
  putWord(w3, 12);
  const c = UUID_CODES;
  return fromCharCode(
    c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!,
    c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!, c[24]!, c[25]!, c[26]!, c[27]!, c[28]!, c[29]!, c[30]!, c[31]!, c[32]!, c[33]!, c[34]!, c[35]!,
  );
}

/**
 * An RFC 9562 version-4 UUID whose random bits come from `random`.
 * @example
 * uuidV4(new RandomStream(42, hashString('person'), 0, 0)); // → 'a3f58e68-b5a9-4dee-854f-9e41cdef65f1'
 */
export function uuidV4(random: RandomStream): string {
  const w0 = random.nextUint32();
  // Byte 6: version 4 in the high nibble; byte 8: variant 10xx.
  const w1 = ((random.nextUint32() & 0xffff0fff) | 0x4000) >>> 0;
  const w2 = ((random.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const w3 = random.nextUint32();
  return formatWords(w0, w1, w2, w3);
}

/**
 * The fixed namespace of ESDH's derived ids (a v4 UUID chosen once, never to change).
 * @example
 * uuidV5(`${personId}:${vehicleId}`, ESDH_NAMESPACE); // a profile_id
 */
export const ESDH_NAMESPACE = '6f1c2a8e-4b7d-4e31-9a52-0c8d3e7f5b14';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}
const namespaceBytes = uuidBytes(ESDH_NAMESPACE);

/**
 * An RFC 9562 version-5 (SHA-1, name-based) UUID of `name` in `namespace`.
 * @example
 * uuidV5('a:b'); // → '3c8987f6-df64-553c-83e7-82a270fdf7db'
 */
export function uuidV5(name: string, namespace: string = ESDH_NAMESPACE): string {
  const ns = namespace === ESDH_NAMESPACE ? namespaceBytes : uuidBytes(namespace);
  // node:crypto's SHA-1, not one of our own: about twice the cost of the plain-JS
  // SHA-1 it replaced (~2.7 against ~1.3 µs an id, one id per bundle), for code
  // nobody here has to keep correct. crypto.hash() is cheaper still but a release
  // candidate API on Node 20.
  const digest = createHash('sha1').update(ns).update(name, 'utf8').digest();
  // Byte 6: version 5 in the high nibble; byte 8: variant 10xx. Bytes 16..19 of the digest are dropped.
  const w1 = ((digest.readUInt32BE(4) & 0xffff0fff) | 0x5000) >>> 0;
  const w2 = ((digest.readUInt32BE(8) & 0x3fffffff) | 0x80000000) >>> 0;
  return formatWords(digest.readUInt32BE(0), w1, w2, digest.readUInt32BE(12));
}
