/**
 * Let the event loop run (timers, I/O callbacks, messages from other
 * threads) before going on: long synchronous work calls it between batches,
 * so a timer that must fire meanwhile (a queue job's lock renewal, a request
 * of the server) does not wait for the end of the work.
 * @example
 * for (const batch of batches) { work(batch); await nextTurn(); }
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
