import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError, EsdhError, packageRoot } from '../../../engine/index.js';
import { commandHelp, parseCommandArgs, type CliIO } from './command.js';
import { COMMANDS } from './commands/index.js';

/** Exit codes: 0 ok, 1 a check failed or the run failed, 2 the user's input was wrong, 130 interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

function version(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}

function globalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'esdh: deterministic, domain-valid synthetic test data for auto-insurance QA',
    '',
    'Usage: esdh <command> [options]      esdh <command> --help for its options',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Start with:  esdh run --profile baseline',
    '',
  ].join('\n');
}

function groupHelp(name: string, group: readonly string[]): string {
  const width = Math.max(...group.map((n) => n.length)) + 2;
  return [`Usage: esdh ${name} <command> [options]      esdh ${name} <command> --help for its options`, '', 'Commands:', ...group.map((n) => `  ${n.padEnd(width)}${COMMANDS[n]!.summary}`), '', 'How it works, with examples: docs/scale-out.md', ''].join('\n');
}

/**
 * Run the CLI in-process: returns the exit code. User mistakes print one
 * line `ESDH_ERR_...: message` on stderr, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(globalHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(version() + '\n');
    return EXIT.ok;
  }
  try {
    // Two-word commands (`esdh cluster submit`): the group alone, or with --help, lists its subcommands.
    const group = Object.keys(COMMANDS).filter((n) => n.startsWith(`${name} `));
    const sub = group.length > 0 && rest[0] !== undefined && COMMANDS[`${name} ${rest[0]}`] ? `${name} ${rest[0]}` : undefined;
    if (group.length > 0 && !sub) {
      if (rest[0] === undefined || rest[0] === '--help' || rest[0] === '-h') {
        io.stdout.write(groupHelp(name, group));
        return rest[0] === undefined ? EXIT.usage : EXIT.ok;
      }
      throw esdhError('ESDH_ERR_COMMAND_UNKNOWN', `${name} ${rest[0]}`, group.join(', '));
    }
    const entry = COMMANDS[sub ?? name];
    if (!entry) throw esdhError('ESDH_ERR_COMMAND_UNKNOWN', name, Object.keys(COMMANDS).join(', '));
    const command = await entry.load();
    const args = parseCommandArgs(command, sub ? rest.slice(1) : rest);
    if (args.values.help) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (io.signal?.aborted) {
    io.stderr.write(esdhError('ESDH_ERR_INTERRUPTED', String(io.signal.reason ?? 'signal')).toLine() + '\n');
    return EXIT.interrupted;
  }
  if (error instanceof EsdhError) {
    io.stderr.write(error.toLine() + '\n');
    return error.status >= 400 && error.status < 500 ? EXIT.usage : EXIT.failed;
  }
  const system = fileSystemError(error);
  if (system) {
    io.stderr.write(system.toLine() + '\n');
    if (io.env.ESDH_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return EXIT.failed;
  }
  // A bug, not a user mistake: say so, and show the stack only when asked.
  io.stderr.write(`esdh: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  io.stderr.write(io.env.ESDH_DEBUG ? `${(error as Error)?.stack}\n` : 'Set ESDH_DEBUG=1 for the stack trace, and please report it.\n');
  return EXIT.failed;
}

/**
 * A file-system call that failed where no command expected it (a path that is
 * a file where a folder should be, a file that vanished): the user's
 * environment more often than a bug, so ESDH_ERR_FILE_SYSTEM naming the call,
 * the path and the errno; undefined for any other error.
 */
export function fileSystemError(error: unknown): EsdhError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (typeof e?.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code) || typeof e.syscall !== 'string') return undefined;
  return esdhError('ESDH_ERR_FILE_SYSTEM', e.syscall, e.path ?? '(no path)', e.code);
}

/** The process entry: real streams, signals abort the current command (its output is removed). */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, signal: controller.signal });
  process.exitCode = code;
  // esdh cluster: a BullMQ client cut off from Redis can keep a timer or socket after its (bounded) close;
  // the command is over, so the process ends within a few seconds whatever is left.
  if (process.argv[2] === 'cluster') setTimeout(() => process.exit(code), 3000).unref();
}
