import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';

/** What a finished file amounts to. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * A file written through one stream that counts bytes and hashes them on the
 * way, so the manifest needs no second read. `write` returns a promise only
 * when the disk is behind (backpressure); otherwise nothing to await.
 */
export class FileSink {
  private readonly file: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly path: string) {
    this.file = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.file.on('error', () => undefined); // surfaced by write/end
  }

  /** Write text or bytes; await the result only if it is a promise. */
  write(chunk: string | Buffer): Promise<void> | undefined {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (this.file.write(buffer)) return undefined;
    return this.drain();
  }

  /** A Writable view, for libraries that pipe (fast-csv). */
  asWritable(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        const pending = this.write(chunk);
        if (pending) pending.then(() => callback(), callback);
        else callback();
      },
    });
  }

  /** Flush and close; resolves with the byte count and sha256. */
  async end(): Promise<FileDigest> {
    this.file.end();
    await once(this.file, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Close without caring for the content (after a failure). */
  async destroy(): Promise<void> {
    if (this.file.closed || this.file.destroyed) return;
    this.file.destroy();
    await once(this.file, 'close').catch(() => undefined);
  }

  private async drain(): Promise<void> {
    if (this.file.errored) throw this.file.errored;
    await Promise.race([once(this.file, 'drain'), once(this.file, 'error').then(([e]) => { throw e; })]);
  }
}
