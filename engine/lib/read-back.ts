/**
 * A file read back from disk behind its writer: each chunk, once the file
 * stream has written it, is read back from its place in the file and
 * compared byte for byte with what was written (`check`), and `finish`
 * refuses a file whose size on disk is not what was written. Every byte
 * written was read back equal and the file holds no more: the file's sha256
 * is that of the bytes written, the check `verify: 'checksums'` makes of a
 * finished file, spread over the time it is written and without hashing the
 * bytes a second time (D97).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { esdhError } from '../contracts/errors.js';

const CHUNK = 1 << 20;
/** Bytes written but not yet read back above which the writer waits (see `pending`). */
const MAX_PENDING = 16 << 20;

interface Written {
  readonly bytes: Uint8Array;
  readonly at: number;
  readonly done: () => void;
}

export class ReadBack {
  private file: FileHandle | undefined;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private readonly queue: Written[] = [];
  private queued = 0;
  private checked = 0;
  private pump: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(readonly path: string) {}

  /**
   * `bytes`, which the file stream has written at byte `at` of the file, is
   * read back and compared; `done` is called once the bytes are no longer
   * needed (compared, or the reader failed): release pooled bytes there.
   */
  check(bytes: Uint8Array, at: number, done: () => void = () => undefined): void {
    if (this.failure || bytes.length === 0) return done();
    this.queue.push({ bytes, at, done });
    this.queued += bytes.length;
    this.pump ??= this.run();
  }

  /** True when so many written bytes wait to be read back that the writer should wait for `drained()`. */
  get pending(): boolean {
    return this.queued > MAX_PENDING;
  }

  /** Resolves when every chunk given to `check` so far was read back. */
  async drained(): Promise<void> {
    while (this.pump) await this.pump;
  }

  /** Once the writer closed the file: every chunk read back, and the file exactly `bytes` long; else ESDH_ERR_OUTPUT_UNWRITABLE. */
  async finish(bytes: number): Promise<void> {
    try {
      await this.drained();
      if (this.failure) throw this.failure;
      if (this.checked !== bytes) throw this.unequal(`${this.checked} of the ${bytes} bytes written were read back`);
      this.file ??= await open(this.path, 'r');
      const { size } = await this.file.stat();
      if (size !== bytes) throw this.unequal(`it has ${size} bytes, ${bytes} were written`);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          if (!this.failure) await this.compare(next.bytes, next.at);
        } catch (error) {
          this.failure ??= error as Error;
        } finally {
          this.queued -= next.bytes.length;
          next.done();
        }
      }
    } finally {
      this.pump = undefined;
    }
  }

  private async compare(bytes: Uint8Array, at: number): Promise<void> {
    this.file ??= await open(this.path, 'r');
    for (let offset = 0; offset < bytes.length; ) {
      const want = Math.min(CHUNK, bytes.length - offset);
      const { bytesRead } = await this.file.read(this.buffer, 0, want, at + offset);
      if (bytesRead === 0) throw this.unequal(`it ends at byte ${at + offset}, ${at + bytes.length} were written`);
      if (Buffer.compare(this.buffer.subarray(0, bytesRead), bytes.subarray(offset, offset + bytesRead)) !== 0) {
        throw this.unequal(`bytes ${at + offset}..${at + offset + bytesRead - 1} differ from those written`);
      }
      offset += bytesRead;
      this.checked += bytesRead;
    }
  }

  private unequal(why: string) {
    return esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', dirname(this.path), `${this.path} read back is not what was written (${why}): the disk or the file system lost data`);
  }
}
