/**
 * Whether a process with this pid runs on this machine: signal 0 is refused
 * with ESRCH only when there is none (EPERM: it runs, as another user).
 * @example
 * isAlive(process.pid); // → true
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
