import type { Context } from 'koa';
import { esdhError } from '../../../engine/index.js';

/**
 * Read a JSON request body of at most `limitBytes`. No body → `undefined`.
 * A body that is not `application/json` (or `+json`, UTF-8) is 415, too large
 * is 413 (checked on Content-Length before reading, and while reading), not
 * JSON is 400.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const length = ctx.get('Content-Length');
  const chunked = ctx.get('Transfer-Encoding') !== '';
  if (!chunked && (length === '' || Number(length) === 0)) return undefined;
  const type = ctx.get('Content-Type');
  if (!isJsonContentType(type)) throw esdhError('ESDH_ERR_REQUEST_MEDIA_TYPE', type || '(none)');
  if (length !== '' && Number(length) > limitBytes) throw esdhError('ESDH_ERR_REQUEST_TOO_LARGE', limitBytes);
  const raw = await readLimited(ctx.req, limitBytes);
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw esdhError('ESDH_ERR_REQUEST_JSON_MALFORMED', (error as Error).message);
  }
}

/** `application/json` or `application/<x>+json`, with no charset or a UTF-8 one. */
export function isJsonContentType(header: string): boolean {
  const [mediaType = '', ...params] = header.toLowerCase().split(';').map((s) => s.trim());
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Collect the request stream; past the limit, stop keeping data (it is discarded, not buffered). */
function readLimited(req: NodeJS.ReadableStream & { complete?: boolean }, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        chunks.length = 0;
        reject(esdhError('ESDH_ERR_REQUEST_TOO_LARGE', limitBytes));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(esdhError('ESDH_ERR_REQUEST_INVALID', `the request body could not be read (${(error as NodeJS.ErrnoException).code ?? error.message})`));
    };
    const onClose = () => {
      if (!req.complete) onError(new Error('the client closed the connection'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
