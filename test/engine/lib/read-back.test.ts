/**
 * ReadBack (engine/snapshot/read-back.ts): a file read back behind its
 * writer passes when the disk gives back the bytes written, and is refused
 * (ESDH_ERR_OUTPUT_UNWRITABLE) when a byte changed after it was written,
 * when it is shorter, and when it is longer than what was written.
 */
import { expect } from 'chai';
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSink } from '../../../engine/lib/file-sink.js';
import { ReadBack } from '../../../engine/snapshot/read-back.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

describe('engine/snapshot ReadBack', () => {
  const tempDir = useTempDirs('esdh-read-back-');

  /** A 3 MiB file written through a FileSink, read back after each of the first two MiB; `change` runs before the rest is read. */
  async function written(path: string, change?: () => void) {
    const sink = new FileSink(path);
    const reader = new ReadBack(path);
    for (let i = 0; i < 3; i++) {
      await sink.write(Buffer.alloc(1 << 20, 65 + i));
      if (i < 2) await reader.catchUp(Math.min(sink.written(), (i + 1) << 20));
    }
    const digest = await sink.end();
    change?.();
    return { reader, digest };
  }

  it('passes a file the disk gives back as written, read back while it grew', async () => {
    const path = join(tempDir(), 'a.csv');
    const { reader, digest } = await written(path);
    expect(digest.bytes).to.equal(3 << 20);
    await reader.finish(digest);
  });

  it('refuses a file whose bytes changed after they were written, one that is shorter and one that is longer', async () => {
    const dir = tempDir();
    const changedLate = join(dir, 'late.csv');
    const late = await written(changedLate, () => {
      const bytes = readFileSync(changedLate);
      bytes[bytes.length - 1] = 0x5a;
      writeFileSync(changedLate, bytes);
    });
    expect((await expectEsdhError(late.reader.finish(late.digest), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.include('its sha256 is not that of the bytes written');
    const short = join(dir, 'short.csv');
    const cut = await written(short, () => truncateSync(short, (3 << 20) - 10));
    expect((await expectEsdhError(cut.reader.finish(cut.digest), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.match(/ends at byte \d+, 3145728 were written/);
    const long = join(dir, 'long.csv');
    const grown = await written(long, () => appendFileSync(long, 'x'));
    expect((await expectEsdhError(grown.reader.finish(grown.digest), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.include('it has 3145729 bytes, 3145728 were written');
  });
});
