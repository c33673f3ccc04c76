import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The background demo server's pid, in the config's folder. */
export const DEMO_PID_FILE = '.demo_api_pid';
/** The background demo server's port, in the config's folder. */
export const DEMO_PORT_FILE = '.demo_api_port';
/** Files a background demo server leaves behind (in the config's folder). */
export const DEMO_STATE_FILES = [DEMO_PID_FILE, DEMO_PORT_FILE];
/** The background demo server's log, in the runs folder. */
export const DEMO_LOG_FILE = 'demo_api.log';

/** The pid and port a background demo server left, if any. */
export function readDemoState(baseDir: string): { pid: number; port: number } | undefined {
  const pidPath = join(baseDir, DEMO_PID_FILE);
  const portPath = join(baseDir, DEMO_PORT_FILE);
  if (!existsSync(pidPath) || !existsSync(portPath)) return undefined;
  const pid = Number(readFileSync(pidPath, 'utf8').trim());
  const port = Number(readFileSync(portPath, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
}

/** Record a started background server: its pid, then its port. */
export function writeDemoState(baseDir: string, pid: number, port: number): void {
  writeFileSync(join(baseDir, DEMO_PID_FILE), `${pid}\n`);
  writeFileSync(join(baseDir, DEMO_PORT_FILE), `${port}\n`);
}

/** Remove the pid and port files (missing ones are fine). */
export function removeDemoState(baseDir: string): void {
  for (const file of DEMO_STATE_FILES) rmSync(join(baseDir, file), { force: true });
}
