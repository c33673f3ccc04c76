/** A small JSON-lines logger: one object per line, the shape pino writes, no dependency. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Log to a writable stream, one JSON object per line.
 * @example
 * const logger = createLogger(process.stdout);
 * logger.info('request', { status: 200 }); // {"level":"info","time":"…","msg":"request","status":200}
 */
export function createLogger(stream: { write(text: string): unknown }, level: LogLevel = 'info', now: () => Date = () => new Date()): Logger {
  const min = RANK[level];
  const log = (lvl: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] < min) return;
    stream.write(JSON.stringify({ level: lvl, time: now().toISOString(), msg, ...fields }) + '\n');
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps entries in memory, for tests that assert on the log. */
export function memoryLogger(): Logger & { readonly entries: Array<{ level: LogLevel; msg: string } & Record<string, unknown>> } {
  const entries: Array<{ level: LogLevel; msg: string } & Record<string, unknown>> = [];
  const log = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => void entries.push({ level, msg, ...fields });
  return { entries, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
