/**
 * Reusable byte buffers for encoded batches on their way to a file. A batch's
 * bytes live from encoding until the file stream has written them: long
 * enough to be promoted past the young-generation GC, so without reuse their
 * memory came back only at full GCs (tens of MB of dead ArrayBuffers at a
 * time). With reuse, the memory in flight is what the streams hold (D28).
 *
 * Buffers come in power-of-two sizes from 64 kB; `release` after the write
 * returns one for reuse (anything not from the pool is ignored, e.g. buffers
 * that came from a worker thread). Per thread; a few buffers per size kept.
 */

const MIN_BYTES = 64 * 1024;
const KEEP_PER_SIZE = 24;

const free = new Map<number, ArrayBuffer[]>();
const pooled = new WeakSet<ArrayBuffer>();

/**
 * A whole pooled buffer of at least `bytes` bytes (its length is its size class).
 * @example
 * const buffer = acquireBuffer(1000); // buffer.length → 1024
 * releaseBytes(buffer);
 */
export function acquireBuffer(bytes: number): Buffer {
  let size = MIN_BYTES;
  while (size < bytes) size *= 2;
  const reused = free.get(size)?.pop();
  // allocUnsafeSlow: a fresh, unshared ArrayBuffer without the zero fill of `new ArrayBuffer`.
  const buffer = reused ?? (Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer);
  if (!reused) pooled.add(buffer);
  return Buffer.from(buffer, 0, size);
}

/** Buffers that came from elsewhere (a worker thread) and go back there when released. */
const foreign = new WeakMap<ArrayBuffer, (buffer: ArrayBuffer) => void>();

/** Route a received buffer's release to `giveBack` (e.g. transfer it back to its worker). */
export function adoptBytes(chunk: Uint8Array, giveBack: (buffer: ArrayBuffer) => void): void {
  if (chunk.byteLength > 0) foreign.set(chunk.buffer as ArrayBuffer, giveBack);
}

/** Take a buffer given back from another thread into this thread's pool. */
export function returnBytes(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0) return;
  pooled.add(buffer);
  releaseBytes(new Uint8Array(buffer));
}

/**
 * Give back a chunk's buffer once nothing reads it any more.
 * @example
 * const chunk = acquireBuffer(64).subarray(0, 10);
 * await sink.write(chunk); releaseBytes(chunk); // the buffer is reused by the next acquireBuffer
 */
export function releaseBytes(chunk: Uint8Array): void {
  const buffer = chunk.buffer as ArrayBuffer;
  const giveBack = foreign.get(buffer);
  if (giveBack) {
    foreign.delete(buffer);
    giveBack(buffer);
    return;
  }
  if (!pooled.has(buffer) || buffer.byteLength === 0) return;
  let list = free.get(buffer.byteLength);
  if (!list) free.set(buffer.byteLength, (list = []));
  if (list.length < KEEP_PER_SIZE && !list.includes(buffer)) list.push(buffer);
}
