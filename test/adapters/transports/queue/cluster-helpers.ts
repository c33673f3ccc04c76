/** Shared by the queue tests: worker child processes, waiting for a state, and a project with the slow fixture plugin. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Queue } from 'bullmq';
import { packageRoot } from '../../../helpers/package-root.js';

/** A `node bin/esdh.js ...` child process (a worker, a submit --wait), its stderr collected. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Exit code and signal, once it exited. */
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Keeps the children a suite started, so `stopAll` ends every one of them (by its pid). */
export function useWorkers(): { start(argv: string[], cwd: string): WorkerProcess; spawnEsdh(argv: string[], cwd: string): WorkerProcess; stopAll(): Promise<void> } {
  const started: WorkerProcess[] = [];
  const stopAll = async () => {
    for (const w of started.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGKILL');
        await w.exited;
      }
    }
  };
  afterEach(stopAll);
  const spawnEsdh = (argv: string[], cwd: string): WorkerProcess => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), ...argv], { cwd, env: { PATH: process.env.PATH }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started_ = { child, stderr: () => stderr, exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
    started.push(started_);
    return started_;
  };
  return { start: (argv, cwd) => spawnEsdh(['cluster', 'worker', ...argv], cwd), spawnEsdh, stopAll };
}

/** Poll `check` every 20 ms until it returns a value, or fail after `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => T | undefined | Promise<T | undefined>, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms ${context()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A project folder whose config adds the slow `pause` entity (about 0.5 ms per unit). */
export function slowProject(dir: string): string {
  return projectWith(dir, 'slow.js');
}

/** A project folder whose config adds the fixture plugin `file` (test/fixtures/plugins). */
export function projectWith(dir: string, file: string): string {
  mkdirSync(join(dir, 'plugins'));
  copyFileSync(join(packageRoot(), 'test', 'fixtures', 'plugins', file), join(dir, 'plugins', file));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-project', private: true, type: 'module' }));
  writeFileSync(join(dir, 'esdh.config.yaml'), `plugins:\n  - ./plugins/${file}\n`);
  return dir;
}

/** Jobs (in any state) in BullMQ queue `name` under `prefix`. */
export async function jobCount(url: string, prefix: string, name: string): Promise<number> {
  const q = new Queue(name, { connection: { url }, prefix });
  try {
    return Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
  } finally {
    await q.close();
  }
}

/** The run id `esdh cluster submit` printed ("Queued run <id>"); fails the test when there is none. */
export function queuedRunId(stdout: string): string {
  const runId = /Queued run ([0-9a-f]{16})/.exec(stdout)?.[1];
  expect(runId, stdout).to.be.a('string');
  return runId!;
}
