/**
 * Run one command as a child process and measure it from the outside: wall
 * time (spawn to exit) and peak RSS from the OS. With GNU time
 * (`/usr/bin/time -v`) the RSS is its "Maximum resident set size"; without it,
 * a preload (rss-probe.js) writes `process.resourceUsage().maxRSS` at exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size in kB, or null if it could not be read. */
  readonly maxRssKb: number | null;
  readonly exitCode: number;
  readonly stderr: string;
}

export type RssMethod = 'gnu-time' | 'resource-usage';

const GNU_TIME = '/usr/bin/time';
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

/** How RSS is measured on this machine. */
export function rssMethod(): RssMethod {
  if (existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' }).status === 0) return 'gnu-time';
  return 'resource-usage';
}

/** The children measured right now (each the leader of its own process group). */
const live = new Set<ChildProcess>();
/** Set once a signal stops the bench: measurements under way then never resolve (the exit follows). */
let stopping = false;

/**
 * On SIGINT or SIGTERM: stop the measured children (SIGTERM to each one's
 * process group, so GNU time and the node under it both go; esdh removes its
 * temporary folder when stopped), wait for them (at most 10 s), run `cleanup`
 * (remove the bench's folders), then exit 130 or 143. Children run in their
 * own process groups, so a Ctrl-C reaches them only through this.
 */
export function stopOnSignal(cleanup: () => void): void {
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    const exited = [...live].map((child) => new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        resolve();
      }
    }));
    void Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]).finally(() => {
      cleanup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Write the page cache's dirty pages to disk (`sync`, where there is one):
 * called before a timed run that follows one which wrote gigabytes, so the
 * kernel's writeback of the earlier run's files does not land on the later
 * run's clock. Where there is no `sync` (Windows), nothing is flushed.
 */
export function flushWrites(): void {
  if (process.platform !== 'win32') spawnSync('sync', [], { stdio: 'ignore' });
}

/** Run `node <args>` (in its own process group: see stopOnSignal); resolves when the child has exited. */
export function measureNode(args: readonly string[], options: { cwd: string; method: RssMethod }): Promise<Measurement> {
  const probeFile = join(tmpdir(), `esdh-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [command, argv] = options.method === 'gnu-time'
    ? [GNU_TIME, ['-v', process.execPath, ...args]]
    : [process.execPath, ['--import', PROBE, ...args]];
  const env = { ...process.env, ESDH_BENCH_RSS_FILE: probeFile };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    live.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000);
    });
    child.on('error', (error) => {
      live.delete(child);
      reject(error);
    });
    child.on('close', (code) => {
      live.delete(child);
      if (stopping) return;
      const wallMs = performance.now() - started;
      let maxRssKb: number | null = null;
      if (options.method === 'gnu-time') {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (match) maxRssKb = Number(match[1]);
        const exit = /Exit status: (\d+)/.exec(stderr);
        if (exit) code = Number(exit[1]);
      } else if (existsSync(probeFile)) {
        maxRssKb = Number(readFileSync(probeFile, 'utf8'));
        rmSync(probeFile, { force: true });
      }
      resolve({ wallMs, maxRssKb, exitCode: code ?? 1, stderr });
    });
  });
}
