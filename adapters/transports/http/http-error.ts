import { STATUS_CODES } from 'node:http';
import { homedir } from 'node:os';
import type { Context, Middleware } from 'koa';
import { type ErrorCode, esdhError, EsdhError, packageRoot } from '../../../engine/index.js';
import { discardRest, requestHasBody } from './discard-body.js';
import type { Logger } from './logger.js';

/**
 * The error body of every non-2xx answer. `code` keeps the v0.1 contract
 * (`invalid_request` for every 400) so existing clients keep working;
 * `esdh_code` is the precise code from engine/errors.ts (governance/DECISIONS_LOG.md, "HTTP error body").
 */
export interface ErrorBody {
  error: {
    code: string;
    esdh_code: ErrorCode;
    message: string;
    request_id?: string;
  };
}

/** The v0.1-style `code` of each HTTP status. */
const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  417: 'expectation_failed',
  422: 'unprocessable_entity',
  431: 'request_header_fields_too_large',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
};

/** `invalid_request`, `not_found`, ...: the v0.1-compatible code for a status. */
export function codeOfStatus(status: number): string {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** The JSON body for an EsdhError answered with its own status. */
export function errorBody(error: EsdhError, requestId?: string): ErrorBody {
  return {
    error: {
      code: codeOfStatus(error.status),
      esdh_code: error.code,
      message: scrubPaths(error.message),
      ...(requestId ? { request_id: requestId } : {}),
    },
  };
}

/**
 * A whole HTTP/1.1 response carrying `errorBody(error)`, for writing straight
 * to a socket where Node has no response object (a malformed request).
 */
export function rawErrorResponse(error: EsdhError): string {
  const body = JSON.stringify(errorBody(error));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * What a client may see of any error: user mistakes (4xx) and the server's
 * own 503s (busy, shutting down) as they are, anything else as a generic 500
 * that names the request id (the log has the rest).
 */
export function publicError(error: unknown, requestId: string): EsdhError {
  if (error instanceof EsdhError && ((error.status >= 400 && error.status < 500) || error.status === 503)) return error;
  // Koa and its helpers throw http-errors with `expose` for client mistakes (a malformed URL, ...).
  const httpError = error as { status?: number; expose?: boolean; message?: string };
  if (!(error instanceof EsdhError) && httpError?.expose && typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
    const wrapped = esdhError('ESDH_ERR_REQUEST_INVALID', httpError.message ?? 'bad request');
    return Object.assign(wrapped, { status: httpError.status }) as EsdhError;
  }
  return esdhError('ESDH_ERR_HTTP_INTERNAL', requestId);
}

/** Body bytes read and thrown away after an error answer, so the client sees the answer (default of AppOptions.discardLimitBytes). */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The one error middleware, first in the chain: maps whatever a later
 * middleware throws to a JSON error body and its status. Never a stack
 * trace or a file path in the response; 5xx details go to the log.
 * When the request body is still arriving (a 413, a 401 before the body was
 * read, ...), the answer is written at once, then up to `discardLimitBytes`
 * of the body are read and thrown away before the connection is closed: a
 * client still sending sees the answer instead of a reset connection.
 */
export function errorMiddleware(logger: Logger, discardLimitBytes = DISCARD_LIMIT_BYTES): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const requestId = String(ctx.state.requestId ?? '');
      const answer = publicError(error, requestId);
      if (answer.status >= 500) {
        logger.error('request failed', { req_id: requestId, method: ctx.method, path: ctx.path, error: describe(error) });
      }
      if (ctx.headerSent || !ctx.writable) return;
      const body = errorBody(answer, requestId || undefined);
      if (!ctx.req.complete && requestHasBody(ctx.req)) return answerThenDiscard(ctx, answer.status, body, discardLimitBytes);
      ctx.status = answer.status;
      ctx.type = 'application/json';
      ctx.body = body;
      // A body we refused to read is not worth keeping the connection for.
      if (answer.status === 413) ctx.set('Connection', 'close');
    }
  };
}

/** Send the whole answer now, read and discard the rest of the body (bounded), then end and close. */
async function answerThenDiscard(ctx: Context, status: number, body: ErrorBody, limitBytes: number): Promise<void> {
  ctx.respond = false;
  const res = ctx.res;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Connection', 'close');
  res.write(text);
  await discardRest(ctx.req, limitBytes);
  // With Connection: close, Node closes the socket once this is written; past the limit that cuts the upload.
  res.end();
}

/** An error for the log: code, message, stack and cause. */
export function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = (error as { cause?: unknown }).cause;
  return {
    ...(error instanceof EsdhError ? { code: error.code } : {}),
    message: error.message,
    stack: error.stack,
    ...(cause instanceof Error ? { cause: { message: cause.message, stack: cause.stack } } : {}),
  };
}

let pathsToScrub: string[] | undefined;

/** Remove the install folder and the home folder from a message meant for clients. */
export function scrubPaths(message: string): string {
  pathsToScrub ??= [packageRoot(), homedir()].filter((p) => p.length > 1).sort((a, b) => b.length - a.length);
  let out = message;
  for (const path of pathsToScrub) out = out.split(path).join('<dir>');
  return out;
}
