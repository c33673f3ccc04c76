import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware } from 'koa';
import { esdhError } from '../../../engine/index.js';

/** Deepest nesting of arrays and objects a body may have; a generate request is depth 1. */
export const MAX_BODY_DEPTH = 32;

/**
 * The JSON body of a POST, read by @koa/bodyparser into `ctx.request.body`
 * (`undefined` when there is none), in three steps:
 * 1. a body that is not `application/json` (or `+json`, UTF-8) is 415, before a byte is read;
 * 2. the parser reads at most `limitBytes` (413 past it) and parses (400 when not JSON);
 * 3. a body nested deeper than MAX_BODY_DEPTH is 400, before anything walks it.
 * An empty or blank body is no body, as before the parser was a library.
 */
export function jsonBody(limitBytes: number): Middleware[] {
  const parse = bodyParser({
    enableTypes: ['json'],
    // requireJson has checked the media type (and charset): the parser reads every body it is given as JSON.
    detectJSON: () => true,
    parsedMethods: ['POST'],
    jsonLimit: limitBytes,
    // Any JSON value: a body that is not an object is answered by resolveGenerateRequest with a clearer sentence.
    jsonStrict: false,
    onError: (error, ctx) => onParseError(error, ctx, limitBytes),
  });
  return [requireJson, parse, normalize];
}

/** 415 for a POST whose body is not JSON; a POST without a body skips the parser. */
const requireJson: Middleware = async (ctx, next) => {
  if (ctx.method !== 'POST') return next();
  if (!hasBody(ctx)) {
    ctx.disableBodyParser = true;
    return next();
  }
  const type = ctx.get('Content-Type');
  if (!isJsonContentType(type)) throw esdhError('ESDH_ERR_REQUEST_MEDIA_TYPE', type || '(none)');
  return next();
};

/** After the parser: blank means none, and the depth limit. */
const normalize: Middleware = async (ctx, next) => {
  if (ctx.method !== 'POST' || ctx.disableBodyParser) return next();
  const raw: unknown = ctx.request.rawBody;
  if (typeof raw !== 'string' || raw.trim() === '') ctx.request.body = undefined;
  else if (nestingExceeds(raw, MAX_BODY_DEPTH)) throw esdhError('ESDH_ERR_REQUEST_JSON_TOO_DEEP', MAX_BODY_DEPTH);
  return next();
};

/** The parser's errors (raw-body, co-body, inflation) as our coded errors. */
function onParseError(error: Error, ctx: Context, limitBytes: number): void {
  const { status, type, body } = error as Error & { status?: number; type?: string; body?: unknown };
  if (error instanceof SyntaxError) {
    // A blank body is no body: the library refuses it, the API never did.
    if (typeof body === 'string' && body.trim() === '') {
      ctx.request.rawBody = body;
      return;
    }
    throw esdhError('ESDH_ERR_REQUEST_JSON_MALFORMED', error.message);
  }
  if (status === 413) throw esdhError('ESDH_ERR_REQUEST_TOO_LARGE', limitBytes);
  if (/^Z_/.test(String((error as NodeJS.ErrnoException).code))) {
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `The request body is not the ${ctx.get('Content-Encoding')} data its Content-Encoding says (${error.message}): send it uncompressed, or compress it whole`);
  }
  if (status === 415) throw esdhError('ESDH_ERR_REQUEST_INVALID', `${error.message}: send the body uncompressed, or with Content-Encoding gzip or deflate`);
  if (status === 400 || type === 'request.aborted') {
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `The request body could not be read (${type ?? error.message}): send it whole, with a Content-Length that matches`);
  }
  throw error;
}

/** A POST carries a body when it says so: a non-zero Content-Length, or Transfer-Encoding. */
function hasBody(ctx: Context): boolean {
  if (ctx.get('Transfer-Encoding') !== '') return true;
  const length = ctx.get('Content-Length');
  return length !== '' && Number(length) !== 0;
}

/** `application/json` or `application/<x>+json`, with no charset or a UTF-8 one. */
export function isJsonContentType(header: string): boolean {
  const [mediaType = '', ...params] = header.toLowerCase().split(';').map((s) => s.trim());
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/**
 * True when the JSON text nests `[` / `{` more than `max` deep. One pass over
 * the text, no recursion: strings (and their escapes) are skipped.
 */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}
