import type { Middleware } from 'koa';
import { studioFiles, type StudioFile } from './studio-files.js';

/**
 * The studio page: GET (or HEAD) `/` and `/studio/...` answer the studio's
 * static files, before the API key is asked for (the page holds no data; it
 * asks for the key and sends it with every API call). A strict
 * Content-Security-Policy: scripts, styles and calls only to this server.
 */
export function studioStatic(): Middleware {
  let files: ReadonlyMap<string, StudioFile> | undefined;
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || (ctx.path !== '/' && !ctx.path.startsWith('/studio'))) return next();
    files ??= studioFiles();
    const file = files.get(ctx.path);
    if (!file) return next();
    ctx.type = file.type;
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    ctx.body = file.body;
  };
}
