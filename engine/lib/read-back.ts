/**
 * A file read back from disk behind its writer: what the writer has handed
 * to the file so far is read and hashed as the file grows (`catchUp`), so
 * that when the writer is done only its last bytes are left to read, and
 * `finish` compares the sha256 of what the disk gives back with the one the
 * writer computed. The same check as verifying a finished file's checksum,
 * spread over the time it is written.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import type { FileDigest } from '../lib/file-sink.js';

const CHUNK = 1 << 20;

export class ReadBack {
  private readonly hash = createHash('sha256');
  private read = 0;
  private file: FileHandle | undefined;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);

  constructor(readonly path: string) {}

  /** Read and hash the file up to byte `upTo` (at most what its writer has written). */
  async catchUp(upTo: number): Promise<void> {
    if (upTo <= this.read) return;
    this.file ??= await open(this.path, 'r');
    while (this.read < upTo) {
      const { bytesRead } = await this.file.read(this.buffer, 0, Math.min(CHUNK, upTo - this.read), this.read);
      if (bytesRead === 0) throw this.unequal(`it ends at byte ${this.read}, ${upTo} were written`);
      this.hash.update(this.buffer.subarray(0, bytesRead));
      this.read += bytesRead;
    }
  }

  /** Once the writer closed the file: read the rest, and refuse a file that is not what was written. */
  async finish(written: FileDigest): Promise<void> {
    try {
      await this.catchUp(written.bytes);
      this.file ??= await open(this.path, 'r');
      const { size } = await this.file.stat();
      if (size !== written.bytes) throw this.unequal(`it has ${size} bytes, ${written.bytes} were written`);
      if (this.hash.digest('hex') !== written.sha256) throw this.unequal('its sha256 is not that of the bytes written');
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close().catch(() => undefined);
  }

  private unequal(why: string) {
    return esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', dirname(this.path), `${this.path} read back is not what was written (${why}): the disk or the file system lost data`);
  }
}
