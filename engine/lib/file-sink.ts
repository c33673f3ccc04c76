import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import { releaseBytes } from './byte-pool.js';

/** What a finished file amounts to. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * A file written through one stream that counts bytes and hashes them on the
 * way, so the manifest needs no second read. `write` returns a promise only
 * when the disk is behind (backpressure); otherwise nothing to await.
 * @example
 * const sink = new FileSink('/tmp/out.ndjson');
 * await sink.write('{"a":1}\n');
 * const { bytes, sha256 } = await sink.end(); // bytes → 8
 */
export class FileSink {
  private readonly file: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | undefined;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(readonly path: string) {
    this.file = createWriteStream(path, { highWaterMark: 1 << 20 });
    // One listener each, for the life of the file: waiting for 'drain' adds none.
    this.file.on('error', (error) => {
      this.failure ??= error;
      this.settle(error);
    });
    this.file.on('drain', () => this.settle());
  }

  /** Write text or bytes; await the result only if it is a promise. */
  write(chunk: string | Uint8Array): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) return undefined;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    if (this.file.write(bytes, () => releaseBytes(bytes))) return undefined;
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Bytes the file has received so far (written to it, not just queued): what a reader of the file can read back. */
  written(): number {
    return this.file.bytesWritten;
  }

  /** Flush and close; resolves with the byte count and sha256. */
  async end(): Promise<FileDigest> {
    if (this.failure) throw this.failure;
    this.file.end();
    await once(this.file, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Close without caring for the content (after a failure). */
  async destroy(): Promise<void> {
    this.settle(this.failure ?? esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', dirname(this.path), `${this.path} was closed before this write finished`));
    if (this.file.closed || this.file.destroyed) return;
    this.file.destroy();
    await once(this.file, 'close').catch(() => undefined);
  }

  private settle(error?: Error): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }
}
