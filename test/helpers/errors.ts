/** Asserting on coded errors. */
import { expect } from 'chai';
import { EsdhError, type ErrorCode } from '../../engine/index.js';

/** Awaits `action`, expects it to throw an EsdhError with `code`, and returns the error. */
export async function expectEsdhError(action: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<EsdhError> {
  let thrown: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${code}, but nothing was thrown`).to.be.instanceOf(Error);
  expect(thrown, `expected an EsdhError ${code}, got: ${String(thrown)}`).to.be.instanceOf(EsdhError);
  expect((thrown as EsdhError).code, (thrown as Error).message).to.equal(code);
  return thrown as EsdhError;
}
