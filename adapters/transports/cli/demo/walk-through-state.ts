import type { ChildProcess } from 'node:child_process';
import type { RunPlan } from '../../../../engine/index.js';

/** What the walk-through has learnt so far: for the next steps, the summary and the diagnostics. */
export interface WalkThroughState {
  profile: string;
  plan?: RunPlan;
  snapshotDir?: string;
  counts?: string;
  port?: number;
  url?: string;
  server?: ChildProcess;
  lastStep?: string;
  readonly logPath: string;
  readonly timings: Array<{ step: string; ms: number }>;
}
