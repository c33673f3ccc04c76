import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Bytes verify has read so far, of all it will read (each listed file once for its checksum, each data file once more for its records). */
export interface VerifyProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** Bytes read of the total, reported to `onProgress`. */
export class ByteProgress {
  total = 0;
  private done = 0;

  constructor(private readonly report: ((progress: VerifyProgress) => void) | undefined) {}

  add(bytes: number): void {
    this.done += bytes;
    this.report?.({ bytesDone: Math.min(this.done, this.total), bytesTotal: this.total });
  }

  /**
   * Progress through a file read by its exporter, which does not say how many
   * bytes it has read: estimated from records read of the records its
   * manifest entry lists; the file's whole size once it is read (`Infinity`).
   */
  file(bytes: number, records: number): (read: number) => void {
    let counted = 0;
    return (read) => {
      const now = read === Infinity ? bytes : Math.min(bytes, Math.floor((bytes * read) / Math.max(1, records)));
      if (now > counted) this.add(now - counted);
      counted = Math.max(counted, now);
    };
  }

  end(): void {
    this.done = this.total;
    this.report?.({ bytesDone: this.total, bytesTotal: this.total });
  }
}

/** sha256 (hex) of a file, streamed in 1 MiB chunks, each counted as read. */
export async function sha256Of(path: string, progress: ByteProgress): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    progress.add(chunk.length);
  }
  return hash.digest('hex');
}
