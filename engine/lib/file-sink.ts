import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import { releaseBytes } from './byte-pool.js';
import { ReadBack } from './read-back.js';

/** What a finished file amounts to. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/** How a FileSink writes. */
export interface FileSinkOptions {
  /**
   * Read every chunk back from the file once it is written and compare it
   * with what was written; `end` rejects (ESDH_ERR_OUTPUT_UNWRITABLE) unless
   * the file holds exactly the bytes written (ReadBack).
   */
  readonly readBack?: boolean;
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
  private readonly reader: ReadBack | undefined;

  constructor(
    readonly path: string,
    options: FileSinkOptions = {},
  ) {
    this.reader = options.readBack ? new ReadBack(path) : undefined;
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
    const at = this.bytes;
    this.bytes += bytes.length;
    const reader = this.reader;
    const release = () => releaseBytes(bytes);
    // With a reader, the bytes are read back from where they landed once the stream wrote them, and released after.
    const accepted = this.file.write(bytes, reader ? (error) => (error ? release() : reader.check(bytes, at, release)) : release);
    if (!accepted) return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    return reader?.pending ? reader.drained() : undefined;
  }

  /** Flush and close; resolves with the byte count and sha256. */
  async end(): Promise<FileDigest> {
    if (this.failure) throw this.failure;
    this.file.end();
    await once(this.file, 'finish');
    // Every write's callback ran before 'finish': the reader has each chunk.
    await this.reader?.finish(this.bytes);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Close without caring for the content (after a failure). */
  async destroy(): Promise<void> {
    this.settle(this.failure ?? esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', dirname(this.path), `${this.path} was closed before this write finished`));
    await this.reader?.close();
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
