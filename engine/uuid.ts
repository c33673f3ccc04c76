import { createHash } from 'node:crypto';
import type { RandomStream } from './random.js';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function formatUuid(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!];
  }
  return out;
}

const scratch = new Uint8Array(16);

/** An RFC 9562 version-4 UUID whose random bits come from `random`. */
export function uuidV4(random: RandomStream): string {
  for (let i = 0; i < 16; i += 4) {
    const word = random.nextUint32();
    scratch[i] = word >>> 24;
    scratch[i + 1] = (word >>> 16) & 0xff;
    scratch[i + 2] = (word >>> 8) & 0xff;
    scratch[i + 3] = word & 0xff;
  }
  scratch[6] = (scratch[6]! & 0x0f) | 0x40;
  scratch[8] = (scratch[8]! & 0x3f) | 0x80;
  return formatUuid(scratch);
}

/** The fixed namespace of ESDH's derived ids (a v4 UUID chosen once, never to change). */
export const ESDH_NAMESPACE = '6f1c2a8e-4b7d-4e31-9a52-0c8d3e7f5b14';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}
const namespaceBytes = uuidBytes(ESDH_NAMESPACE);

/** An RFC 9562 version-5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = ESDH_NAMESPACE): string {
  const ns = namespace === ESDH_NAMESPACE ? namespaceBytes : uuidBytes(namespace);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return formatUuid(hash);
}
