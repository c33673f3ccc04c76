import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { esdhError } from '../../../engine/index.js';

/**
 * With a key configured, every request must carry it as `X-API-Key: <key>`
 * or `Authorization: Bearer <key>`; otherwise 401. Without a key, a no-op
 * (the server refuses to listen beyond loopback without one: server.ts).
 */
export function apiKeyAuth(apiKey: string | null | undefined): Middleware {
  if (!apiKey) return (_ctx, next) => next();
  const expected = digest(apiKey);
  return async (ctx, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(ctx.get('Authorization'))?.[1]?.trim();
    const given = ctx.get('X-API-Key') || bearer;
    // Compare digests so the comparison takes the same time whatever the key's length.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="esdh"');
      throw esdhError('ESDH_ERR_REQUEST_UNAUTHORIZED');
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
