/**
 * An error crossing a thread boundary: a coded one keeps its code, message,
 * details and cause (plain data, structured-cloned), so the main thread
 * rethrows the same EsdhError; anything else (a bug) arrives as its message
 * and stack and is thrown as ESDH_ERR_WORKER_FAILED.
 */
import type { MessagePort } from 'node:worker_threads';
import { esdhError, EsdhError, ERRORS, type ErrorCode, type ErrorDetails } from '../contracts/errors.js';

export interface ThreadError {
  readonly type: 'error';
  /** The EsdhError's code; absent for any other error (a bug), which the main thread reports as ESDH_ERR_WORKER_FAILED. */
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
  /** The EsdhError's details (plugin, hook, unit, module, ...): plain data, so they cross the thread boundary as they are. */
  readonly details?: ErrorDetails;
  /** The EsdhError's cause when it is an Error (structured-cloned: name, message and stack survive). */
  readonly cause?: unknown;
}

/** Post `error` to the other side of `port` as a ThreadError. */
export function postError(port: Pick<MessagePort, 'postMessage'>, error: unknown): void {
  if (!(error instanceof EsdhError)) {
    port.postMessage({ type: 'error', message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } satisfies ThreadError);
    return;
  }
  const message: ThreadError = { type: 'error', code: error.code, message: error.message, stack: error.stack, details: error.details };
  try {
    port.postMessage(error.cause instanceof Error ? { ...message, cause: error.cause } : message);
  } catch {
    port.postMessage(message); // a cause the structured clone cannot copy: the details still go
  }
}

/** The error a thread reported, as the main thread throws it; `thread` names the thread in ESDH_ERR_WORKER_FAILED. */
export function errorFromThread(thread: string | number, message: ThreadError): EsdhError {
  if (message.code && message.code in ERRORS) {
    return new EsdhError(message.code as ErrorCode, message.message, { details: message.details, ...(message.cause === undefined ? {} : { cause: message.cause }) });
  }
  return esdhError('ESDH_ERR_WORKER_FAILED', thread, message.message);
}
