/**
 * ReadBack (engine/lib/read-back.ts) and FileSink's readBack option: a file
 * read back behind its writer passes when the disk gives back the bytes
 * written, and is refused (ESDH_ERR_OUTPUT_UNWRITABLE) when a byte changed
 * before it was read back, when it is shorter, and when it is longer than
 * what was written; the writer's chunks are released only once compared.
 */
import { expect } from 'chai';
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSink } from '../../../engine/lib/file-sink.js';
import { ReadBack } from '../../../engine/lib/read-back.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

describe('engine/lib ReadBack', () => {
  const tempDir = useTempDirs('esdh-read-back-');
  const MiB = 1 << 20;
  /** Three chunks of 1 MiB, A, B and C, and a short tail. */
  const chunks = () => [...[65, 66, 67].map((c) => Buffer.alloc(MiB, c)), Buffer.from('tail\n')];

  /** `chunks` written to `path` as one file; `change` runs on the file before any of it is read back. */
  async function checked(path: string, change?: () => void) {
    const parts = chunks();
    writeFileSync(path, Buffer.concat(parts));
    change?.();
    const reader = new ReadBack(path);
    const released: number[] = [];
    let at = 0;
    for (const [i, part] of parts.entries()) {
      reader.check(part, at, () => released.push(i));
      at += part.length;
    }
    return { reader, bytes: at, released };
  }

  it('passes a file written through a FileSink with readBack, and one the disk gives back as written', async () => {
    const dir = tempDir();
    const sink = new FileSink(join(dir, 'a.csv'), { readBack: true });
    for (const part of chunks()) await sink.write(part);
    const digest = await sink.end();
    expect(digest.bytes).to.equal(3 * MiB + 5);
    const plain = new FileSink(join(dir, 'b.csv'));
    for (const part of chunks()) await plain.write(part);
    expect((await plain.end()).sha256).to.equal(digest.sha256);
    const { reader, bytes, released } = await checked(join(dir, 'c.csv'));
    await reader.finish(bytes);
    expect(released).to.deep.equal([0, 1, 2, 3]);
  });

  it('refuses a file whose bytes changed before they were read back, one that is shorter and one that is longer', async () => {
    const dir = tempDir();
    const changed = join(dir, 'changed.csv');
    const late = await checked(changed, () => {
      const bytes = readFileSync(changed);
      bytes[2 * MiB + 7] = 0x5a;
      writeFileSync(changed, bytes);
    });
    expect((await expectEsdhError(late.reader.finish(late.bytes), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.include(`bytes ${2 * MiB}..${3 * MiB - 1} differ from those written`);
    // A failed reader still releases every chunk it was given.
    expect(late.released).to.deep.equal([0, 1, 2, 3]);
    const short = join(dir, 'short.csv');
    const cut = await checked(short, () => truncateSync(short, 3 * MiB - 10));
    expect((await expectEsdhError(cut.reader.finish(cut.bytes), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.match(/ends at byte 3145718, 3145728 were written/);
    const long = join(dir, 'long.csv');
    const grown = await checked(long, () => appendFileSync(long, 'x'));
    expect((await expectEsdhError(grown.reader.finish(grown.bytes), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.include(`it has ${3 * MiB + 6} bytes, ${3 * MiB + 5} were written`);
  });

  it('refuses a finish before every byte written was given to check', async () => {
    const path = join(tempDir(), 'half.csv');
    writeFileSync(path, Buffer.concat(chunks()));
    const reader = new ReadBack(path);
    reader.check(chunks()[0]!, 0);
    expect((await expectEsdhError(reader.finish(3 * MiB + 5), 'ESDH_ERR_OUTPUT_UNWRITABLE')).message).to.include(`${MiB} of the ${3 * MiB + 5} bytes written were read back`);
  });
});
