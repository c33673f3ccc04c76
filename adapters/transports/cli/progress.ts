/**
 * Progress of a long run, on stderr only (data and the summary go elsewhere):
 * on a TTY a bar redrawn in place with rate and ETA; otherwise a plain line
 * every few seconds (CI logs); nothing for runs that finish within the first
 * second, and nothing at all with --quiet. Clock and stream are injected so
 * tests drive it without timers.
 */

/** Where progress goes: the CLI's stderr. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** Milliseconds from any origin (default: performance.now). */
  readonly clock?: () => number;
  /** Show nothing (--quiet). */
  readonly quiet?: boolean;
  /** What is counted (default 'units'). */
  readonly noun?: string;
}

/** Feed it `{ unitsDone, unitsTotal }` as the run goes; `finish()` when it ends (success or not). */
export interface Progress {
  update(progress: { readonly unitsDone: number; readonly unitsTotal: number }): void;
  finish(): void;
}

const CLEAR_LINE = '\r\u001b[K';
/** Nothing is shown before the run has lasted this long. */
const DELAY_MS = 1000;
/** Redraw the TTY bar at most this often. */
const TTY_INTERVAL_MS = 100;
/** One plain line this often when not a TTY. */
const LINE_INTERVAL_MS = 5000;

/** A progress display for one run. */
export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return { update: () => undefined, finish: () => undefined };
  const clock = options.clock ?? (() => performance.now());
  const tty = Boolean(options.stream.isTTY);
  const interval = tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS;
  const noun = options.noun ?? 'units';
  const started = clock();
  let lastShown = -Infinity;
  let drawn = false;
  let finished = false;

  return {
    update({ unitsDone, unitsTotal }) {
      if (finished) return;
      const now = clock();
      const elapsed = now - started;
      if (elapsed < DELAY_MS || now - lastShown < interval) return;
      lastShown = now;
      const rate = elapsed > 0 ? (unitsDone * 1000) / elapsed : 0;
      const eta = rate > 0 ? ((unitsTotal - unitsDone) * 1000) / rate : Infinity;
      if (tty) {
        options.stream.write(CLEAR_LINE + barLine(unitsDone, unitsTotal, rate, eta, noun, options.stream.columns || 80));
        drawn = true;
      } else {
        options.stream.write(plainLine(unitsDone, unitsTotal, rate, eta, noun) + '\n');
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (drawn) options.stream.write(CLEAR_LINE);
    },
  };
}

/** `[#########-----------]  45%  450,000/1,000,000 units  112,345/s  ETA 0:05`, cut to `columns`. */
export function barLine(done: number, total: number, rate: number, etaMs: number, noun: string, columns: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const tail = `${percent(fraction).padStart(4)}  ${group(done)}/${group(total)} ${noun}  ${group(Math.round(rate))}/s  ETA ${duration(etaMs)}`;
  const width = Math.max(10, Math.min(40, columns - tail.length - 4));
  const filled = Math.round(fraction * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${tail}`;
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** `progress: 450,000/1,000,000 units (45%), 112,345 units/s, ETA 0:05`. */
export function plainLine(done: number, total: number, rate: number, etaMs: number, noun: string): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  return `progress: ${group(done)}/${group(total)} ${noun} (${percent(fraction)}), ${group(Math.round(rate))} ${noun}/s, ETA ${duration(etaMs)}`;
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

/** 1234567 → `1,234,567` (fixed separator: output does not depend on the locale). */
function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `m:ss`, `h:mm:ss`, or `?` when unknown. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const seconds = Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
