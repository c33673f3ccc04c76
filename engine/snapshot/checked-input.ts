/**
 * One shard's copy of a file for a merge hook: `bytes()` hashes what it
 * hands out and compares with the shard manifest's sha256 at the end;
 * `range()` is allowed only after that.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { esdhError } from '../contracts/errors.js';
import type { Artifact, MergeInput } from '../contracts/exporter.js';

export class CheckedInput implements MergeInput {
  /** True once `bytes()` was read to the end and the sha256 matched. */
  checked = false;

  constructor(
    readonly artifact: Artifact,
    readonly dir: string,
    readonly path: string,
  ) {}

  /** The copy of `artifact` in shard folder `dir` at `path`, refused when it is missing or its size is not the manifest's. */
  static of(artifact: Artifact, dir: string, path: string): CheckedInput {
    if (!existsSync(path)) throw esdhError('ESDH_ERR_SHARD_INVALID', dir, `${artifact.file} is missing`);
    const size = statSync(path).size;
    if (size !== artifact.bytes) throw esdhError('ESDH_ERR_SHARD_INVALID', dir, `${artifact.file} has ${size} bytes, its manifest says ${artifact.bytes}: the shard was changed after it was written`);
    return new CheckedInput(artifact, dir, path);
  }

  async *bytes(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
    if (hash.digest('hex') !== this.artifact.sha256) {
      throw esdhError('ESDH_ERR_SHARD_INVALID', this.dir, `${this.artifact.file} does not match the sha256 in its manifest: the shard was changed after it was written`);
    }
    this.checked = true;
  }

  async *range(start: number, end: number): AsyncGenerator<Uint8Array> {
    if (!this.checked) throw esdhError('ESDH_ERR_EXPORTER_INVALID', this.artifact.format, `its merge hook asked for range() of ${this.path} before bytes() was read to the end: read a shard file through bytes() first, so it is checked`);
    if (end <= start) return;
    yield* createReadStream(this.path, { start, end: end - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  }

  /** Read the copy through if the hook did not (so it is checked either way). */
  async ensureChecked(): Promise<void> {
    if (!this.checked) for await (const _ of this.bytes());
  }
}
