import { createInterface } from 'node:readline';
import type { CliIO } from '../command.js';

/** CliIO with the stdin `--interactive` reads (tests inject one; default process.stdin). */
export type PauseIO = CliIO & { readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

/** What the walk-through awaits after each step: Enter on a terminal with --interactive, else nothing. */
export function pauser(io: PauseIO, interactive: boolean): () => Promise<void> {
  if (!interactive) return async () => undefined;
  const stdin = io.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    io.stdout.write('--interactive: stdin is not a terminal, so the demo continues without pausing.\n');
    return async () => undefined;
  }
  let inputEnded = false;
  return () => new Promise<void>((resolveDone) => {
    if (io.signal?.aborted || inputEnded) return resolveDone();
    const rl = createInterface({ input: stdin, output: io.stdout as NodeJS.WritableStream });
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      io.signal?.removeEventListener('abort', done);
      rl.close();
      resolveDone();
    };
    io.signal?.addEventListener('abort', done, { once: true });
    rl.once('close', () => {
      if (settled) return;
      // stdin ended (Ctrl+D): stop pausing from here on.
      inputEnded = true;
      io.stdout.write('\n--interactive: stdin closed, so the demo continues without pausing.\n');
      done();
    });
    // readline takes Ctrl+C from a terminal for itself: hand it on at once, so the demo stops and cleans up.
    rl.once('SIGINT', () => {
      done();
      if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
      else process.kill(process.pid, 'SIGINT');
    });
    rl.question('  Press Enter to continue (Ctrl+C stops the demo)... ', done);
  });
}
