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

function uuidBytes(uuid: string): Uint8Array {
  return Uint8Array.from(Buffer.from(uuid.replace(/-/g, ''), 'hex'));
}
const namespaceBytes = uuidBytes(ESDH_NAMESPACE);

// SHA-1 (FIPS 180-4) in plain JS: a v5 UUID hashes ~90 bytes, where node:crypto's
// per-call setup (createHash, update, digest) costs several times the hashing itself.
let message = new Uint8Array(256);
const W = new Int32Array(80);
const H = new Int32Array(5);
const encoder = new TextEncoder();

function sha1(length: number): void {
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const blocks = ((length + 8) >>> 6) + 1;
  const padded = blocks * 64;
  message.fill(0, length, padded);
  message[length] = 0x80;
  const bits = length * 8;
  message[padded - 4] = bits >>> 24;
  message[padded - 3] = (bits >>> 16) & 0xff;
  message[padded - 2] = (bits >>> 8) & 0xff;
  message[padded - 1] = bits & 0xff;
  message[padded - 5] = Math.floor(bits / 4294967296) & 0xff;

  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476, h4 = 0xc3d2e1f0 | 0;
  for (let block = 0; block < padded; block += 64) {
    for (let t = 0; t < 16; t++) {
      const i = block + t * 4;
      W[t] = (message[i]! << 24) | (message[i + 1]! << 16) | (message[i + 2]! << 8) | message[i + 3]!;
    }
    for (let t = 16; t < 80; t++) {
      const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
      W[t] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, temp = 0;
    for (let t = 0; t < 20; t++) {
      temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 20; t < 40; t++) {
      temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 40; t < 60; t++) {
      temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 60; t < 80; t++) {
      temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4;
}

/** Put namespace bytes + UTF-8 of `name` into `message`; returns the length. */
function loadMessage(ns: Uint8Array, name: string): number {
  const chars = name.length;
  const need = ns.length + chars * 3 + 72;
  if (need > message.length) message = new Uint8Array(Math.max(message.length * 2, need));
  message.set(ns, 0);
  let n = ns.length;
  for (let i = 0; i < chars; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) {
      const { written } = encoder.encodeInto(name, message.subarray(ns.length));
      return ns.length + written;
    }
    message[n++] = c;
  }
  return n;
}

/**
 * An RFC 9562 version-5 (SHA-1, name-based) UUID of `name` in `namespace`.
 * @example
 * uuidV5('a:b'); // → '3c8987f6-df64-553c-83e7-82a270fdf7db'
 */
export function uuidV5(name: string, namespace: string = ESDH_NAMESPACE): string {
  const ns = namespace === ESDH_NAMESPACE ? namespaceBytes : uuidBytes(namespace);
  sha1(loadMessage(ns, name));
  const w1 = ((H[1]! & 0xffff0fff) | 0x5000) >>> 0;
  const w2 = ((H[2]! & 0x3fffffff) | 0x80000000) >>> 0;
  return formatWords(H[0]! >>> 0, w1, w2, H[3]! >>> 0);
}
