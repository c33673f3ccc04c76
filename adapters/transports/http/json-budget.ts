/** Seconds a client told the server is busy should wait before asking again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 1;

/**
 * The records held by plain JSON answers in flight, against a cap
 * (api.max_json_records_in_flight). A JSON answer is built in memory, so
 * this sum bounds the server's memory whatever the concurrency; NDJSON
 * answers stream in constant memory and are not counted.
 */
export class RecordBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Records held right now. */
  get inFlight(): number {
    return this.held;
  }

  /**
   * Hold `records` for an answer; false when that would pass the cap. An
   * answer is always let through when nothing else is in flight, so a cap
   * below api.max_records_json still lets every request be answered.
   * Returns the release function (call it once the answer is sent or abandoned; extra calls do nothing).
   */
  take(records: number): (() => void) | null {
    if (this.held > 0 && this.held + records > this.limit) return null;
    this.held += records;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= records;
    };
  }
}
