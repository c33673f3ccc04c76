import { createHash, type Hash } from 'node:crypto';

/**
 * A digest of a value's content, deep: objects (plain or class instances) by
 * their own properties in sorted order, then the getters their classes
 * define (read: a part built on first read is built by the first digest, so
 * take the digest twice and keep the second), arrays, Maps and Sets by their
 * entries, typed arrays by their bytes, functions as a mark only; a shared
 * or cyclic reference by the order it was first met. Two digests of one
 * object, before and after some code ran, differ when that code changed
 * anything reachable from it (a closure's hidden variables excepted).
 * @example
 * const before = deepFingerprint(state); generate(); deepFingerprint(state) === before; // → nothing it reaches was changed
 */
export function deepFingerprint(value: unknown): string {
  const hash = createHash('sha256');
  walk(value, hash, new Map());
  return hash.digest('hex');
}

function walk(value: unknown, hash: Hash, seen: Map<object, number>): void {
  if (value === null || typeof value !== 'object') {
    hash.update(typeof value === 'function' ? 'f;' : typeof value === 'string' ? `s${value.length}:${value};` : `${typeof value}:${String(value)};`);
    return;
  }
  const first = seen.get(value);
  if (first !== undefined) {
    hash.update(`@${first};`);
    return;
  }
  seen.set(value, seen.size);
  if (ArrayBuffer.isView(value)) {
    hash.update(`b${value.byteLength}:`).update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  if (value instanceof Map) {
    hash.update(`M${value.size}{`);
    for (const [key, entry] of value) {
      walk(key, hash, seen);
      walk(entry, hash, seen);
    }
    hash.update('}');
    return;
  }
  if (value instanceof Set) {
    hash.update(`S${value.size}{`);
    for (const entry of value) walk(entry, hash, seen);
    hash.update('}');
    return;
  }
  if (Array.isArray(value)) {
    hash.update(`A${value.length}[`);
    for (const entry of value) walk(entry, hash, seen);
    // Extra own properties of an array (rare) count too.
    hash.update(']');
    return;
  }
  const keys = Object.getOwnPropertyNames(value).sort();
  hash.update(`O${keys.length}{`);
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    hash.update(`${key}=`);
    if ('value' in descriptor) walk(descriptor.value, hash, seen);
    else hash.update('get;');
  }
  hash.update('}');
  for (let proto = Object.getPrototypeOf(value) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto).sort()) {
      const getter = Object.getOwnPropertyDescriptor(proto, key)?.get;
      if (!getter) continue;
      hash.update(`^${key}=`);
      walk(getter.call(value), hash, seen);
    }
  }
}
