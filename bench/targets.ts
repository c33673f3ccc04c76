/**
 * The targets of issue 15 from the bench's measured medians: each one 'met'
 * or 'missed' (or 'not measured' when its runs were skipped; 'reported' for
 * the book profile, which the issue asks to report without a threshold).
 * Pure: run-bench.ts measures, this decides, test/bench/targets.test.ts
 * checks the edges. Speed is never asserted in tests, only here.
 */

import { int } from './report-format.js';

/** Thresholds of issue 15. */
export const ISSUE_15 = {
  /** The size the ratios are promised at. */
  units: 1_000_000,
  /** `--format csv`, 1 process, as a multiple of the naive loop. */
  csvRatio: 6,
  /** `--format csv,ndjson`, 1 process. */
  bothRatio: 4,
  /** `--workers 2` over 1 worker (csv,ndjson). */
  workersRatio: 1.8,
  /** Peak RSS of a 1-worker run, strictly below. */
  rssMb: 200,
  /** `esdh serve` requests/s as a share of a bare Koa app answering the same bytes. */
  httpShare: 0.25,
} as const;

/** Threshold of issue 16: the queue (1 worker) at most this much slower than the single process. */
export const ISSUE_16 = {
  units: 1_000_000,
  /** (queued run with 1 worker) / (single process) must stay below 1 + this. */
  queueOverhead: 0.1,
} as const;

/** Issue 5's startup target, the one of its targets issue 15 does not restate. */
export const STARTUP_TARGET_S = 0.5;

export type TargetStatus = 'met' | 'missed' | 'not measured' | 'reported';

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
}

/** The book profile's medians (accounts/s, and as a ratio to baseline bundles/s of the same rounds and format). */
export interface BookMedians {
  readonly accounts: number;
  readonly csvAccountsPerS: number;
  readonly csvRatio: number;
  readonly bothAccountsPerS: number;
  readonly bothRatio: number;
}

/** What the targets are judged on: medians over the rounds at the largest size. */
export interface TargetInputs {
  /** Bundles of the largest size measured. */
  readonly units: number;
  /** Median of (csv bundles/s / naive bundles/s) per round. */
  readonly csvRatio: number;
  /** Median of (csv,ndjson bundles/s / naive bundles/s) per round. */
  readonly bothRatio: number;
  readonly workers: number;
  /** Median of (--workers N bundles/s / 1 worker bundles/s), csv,ndjson. */
  readonly workersRatio: number;
  /** bench/cpu-capacity.ts: what two threads do on this machine, as a multiple of one. */
  readonly capacity: number;
  /** Highest peak RSS of the 1-worker baseline runs at every size, or null if the OS did not say. */
  readonly maxRssMb: number | null;
  /** Median esdh serve / bare Koa requests/s, or null when not measured. */
  readonly httpShare: number | null;
  readonly book: BookMedians | null;
  /** Median wall time of `esdh run --records 1`, or null when not measured. */
  readonly startupS: number | null;
}

const x = (n: number, digits = 2) => `${n.toFixed(digits)}x`;
const judge = (ok: boolean): TargetStatus => (ok ? 'met' : 'missed');

/**
 * One row per target of issue 15 (and issue 5's startup), in the issue's order.
 * @example
 * issue15Targets({ units: 1e6, csvRatio: 6.1, ... })[0]; // → { target: 'CSV ≥ 6x the naive loop …', measured: '6.10x', status: 'met' }
 */
export function issue15Targets(i: TargetInputs): TargetRow[] {
  const at = i.units === ISSUE_15.units ? `at ${int(i.units)} bundles` : `at ${int(i.units)} bundles (the issue's size: ${int(ISSUE_15.units)})`;
  const rows: TargetRow[] = [
    { target: `\`--format csv\`, 1 process, validation on: ≥ ${ISSUE_15.csvRatio}x the naive loop ${at}, median`, measured: x(i.csvRatio), status: judge(i.csvRatio >= ISSUE_15.csvRatio) },
    { target: `\`--format csv,ndjson\`, 1 process: ≥ ${ISSUE_15.bothRatio}x the naive loop ${at}, median`, measured: x(i.bothRatio), status: judge(i.bothRatio >= ISSUE_15.bothRatio) },
    {
      target: `\`--workers ${i.workers}\` ≥ ${ISSUE_15.workersRatio}x one worker, csv,ndjson ${at}, median`,
      measured: `${x(i.workersRatio)} (two-thread ceiling of this machine: ${x(i.capacity)})`,
      status: judge(i.workersRatio >= ISSUE_15.workersRatio),
    },
    {
      target: `peak RSS < ${ISSUE_15.rssMb} MB (esdh run, 1 worker, csv and csv,ndjson, every size)`,
      measured: i.maxRssMb === null ? 'n/a' : `${Math.round(i.maxRssMb)} MB`,
      status: i.maxRssMb === null ? 'not measured' : judge(i.maxRssMb < ISSUE_15.rssMb),
    },
    {
      target: `\`esdh serve\` (\`POST /generate/bundle {"records":10}\`, 50 connections) ≥ ${ISSUE_15.httpShare * 100}% of a bare Koa app answering the same bytes`,
      measured: i.httpShare === null ? 'not measured' : `${(i.httpShare * 100).toFixed(1)}%`,
      status: i.httpShare === null ? 'not measured' : judge(i.httpShare >= ISSUE_15.httpShare),
    },
    i.book === null
      ? { target: 'the `book` profile: accounts/s and its ratio to baseline bundles/s', measured: 'not measured', status: 'not measured' }
      : {
          target: `the \`book\` profile (${int(i.book.accounts)} accounts): accounts/s and its ratio to baseline bundles/s (no threshold)`,
          measured: `csv ${int(i.book.csvAccountsPerS)}/s (${x(i.book.csvRatio, 3)} baseline bundles/s); csv,ndjson ${int(i.book.bothAccountsPerS)}/s (${x(i.book.bothRatio, 3)})`,
          status: 'reported',
        },
  ];
  if (i.startupS !== null) {
    rows.push({ target: `(issue 5) \`esdh run --records 1\` < ${STARTUP_TARGET_S} s, median of 5`, measured: `${i.startupS.toFixed(3)} s`, status: judge(i.startupS < STARTUP_TARGET_S) });
  }
  return rows;
}

/**
 * Issue 16's queue figure: the median of (esdh cluster with 1 worker / esdh
 * run) below 1.10, or 'not measured' without a run (no Redis, --no-queue).
 * @example
 * issue16Targets({ units: 1e6, oneWorkerRatio: 1.08 }); // → [{ …, measured: '1.08x (8.0% over the single process)', status: 'met' }]
 */
export function issue16Targets(queue: { readonly units: number; readonly oneWorkerRatio: number } | null): TargetRow[] {
  const limit = 1 + ISSUE_16.queueOverhead;
  const target = (units: number | null) => `(issue 16) the queue, 1 worker: < ${Math.round(ISSUE_16.queueOverhead * 100)}% over the single process (ratio < ${limit.toFixed(2)}x)${units === null ? '' : units === ISSUE_16.units ? ` at ${int(units)} bundles` : ` at ${int(units)} bundles (the issue's size: ${int(ISSUE_16.units)})`}, median`;
  if (queue === null) return [{ target: target(null), measured: 'not measured', status: 'not measured' }];
  return [{
    target: target(queue.units),
    measured: `${x(queue.oneWorkerRatio)} (${((queue.oneWorkerRatio - 1) * 100).toFixed(1)}% over the single process)`,
    status: judge(queue.oneWorkerRatio < limit),
  }];
}

/** The status as the doc shows it: misses in bold. */
export function statusCell(status: TargetStatus): string {
  return status === 'missed' ? '**missed**' : status;
}
