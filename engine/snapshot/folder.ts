import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { esdhError, EsdhError } from '../contracts/errors.js';

/**
 * Fill a new snapshot folder without ever leaving half of one: `fill` writes
 * into a temporary folder beside `out` (same file system), which is renamed to
 * `out` only when `fill` succeeds. On any failure `cleanUp` runs (close open
 * files), the temporary folder is removed, and disk errors become
 * ESDH_ERR_OUTPUT_UNWRITABLE. Used by `esdh run` and `esdh merge`.
 */
export async function intoNewFolder<T>(out: string, fill: (temp: string) => Promise<T>, cleanUp: () => Promise<void> = async () => undefined): Promise<T> {
  const target = resolve(out);
  if (existsSync(target)) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', target);
  const parent = dirname(target);
  const temp = join(parent, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp);
  } catch (error) {
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  try {
    const value = await fill(temp);
    if (existsSync(target)) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', target);
    await rename(temp, target);
    return value;
  } catch (error) {
    await cleanUp().catch(() => undefined);
    await rm(temp, { recursive: true, force: true });
    if (error instanceof EsdhError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, code);
    throw error;
  }
}

/** sha256 (hex) of a file, streamed in 1 MiB chunks. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolvePromise(hash.digest('hex')))
      .on('error', reject);
  });
}

/** sha256 (hex) of a text as UTF-8. */
export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
