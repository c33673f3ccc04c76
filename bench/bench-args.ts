/**
 * The command line of every bench script: node:util parseArgs (strict) with
 * `--help` added, a mistake as a UsageError, and how a bench reports one
 * (`<bench>: <message>`, a pointer to --help, exit code 2, no stack), so a
 * wrong option is refused the same way everywhere and before anything runs.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on a bench's command line: reported by `reportUsageError` as one line, exit code 2, no stack. */
export class UsageError extends Error {}

/** What a bench declares of its command line: its options, and whether it takes positionals. */
export type BenchArgsConfig = Pick<ParseArgsConfig, 'options' | 'allowPositionals'>;

/** parseArgs' answer for a config (`values`, `positionals`). */
export type BenchArgs<T extends BenchArgsConfig> = ReturnType<typeof parseArgs<T>>;

type ParsedWithHelp = { readonly values: { readonly help?: unknown } };

/**
 * `argv` parsed strictly against `config`, `--help` included: null when it
 * asks for --help, else the values and positionals.
 * @throws UsageError on an unknown option, a missing value or an unexpected positional (parseArgs' own message).
 * @example
 * const args = parseBenchArgs(['--rounds', '2'], { options: { rounds: { type: 'string' } } });
 * // args?.values.rounds → '2'; parseBenchArgs(['--help'], ...) → null; ['--bogus'] throws UsageError
 */
export function parseBenchArgs<const T extends BenchArgsConfig>(argv: readonly string[], config: T): BenchArgs<T> | null {
  let parsed: ParsedWithHelp;
  try {
    parsed = parseArgs({ ...config, args: argv, strict: true, options: { ...config.options, help: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(oneLine((error as Error).message));
  }
  return parsed.values.help ? null : (parsed as unknown as BenchArgs<T>);
}

/** parseArgs' message on one line, without its advice on positionals that start with '-' (no help to a bench). */
function oneLine(message: string): string {
  return message.replace(/\. To specify a positional argument[^]*$/, '').replace(/\s*\n\s*/g, ' ');
}

/**
 * The whole number `text` gives for `option`, underscores allowed as
 * separators (`1_000_000`).
 * @throws UsageError naming the option, the text and what is accepted, when it is not a whole number >= min.
 * @example
 * wholeNumber('--rounds', '3') // → 3
 * wholeNumber('--warmup', '0', 0) // → 0; wholeNumber('--rounds', 'x') throws '--rounds: a whole number >= 1 (got x)'
 */
export function wholeNumber(option: string, text: string, min = 1): number {
  const n = text.trim() === '' ? Number.NaN : Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${option}: a whole number >= ${min} (got ${text})`);
  return n;
}

/**
 * The whole number of the first source given (an option, then an
 * environment variable, in the order listed), else `fallback`.
 * @throws UsageError naming that source, as `wholeNumber` does.
 * @example
 * firstWholeNumber({ '--rounds': values.rounds, ESDH_BENCH_ROUNDS: process.env.ESDH_BENCH_ROUNDS }, 3)
 * // → 3 when neither is set; '--rounds: a whole number >= 1 (got 0)' for --rounds 0
 */
export function firstWholeNumber(sources: Readonly<Record<string, string | undefined>>, fallback: number, min = 1): number {
  const given = Object.entries(sources).find(([, text]) => text !== undefined);
  return given ? wholeNumber(given[0], given[1]!, min) : fallback;
}

/**
 * Report `error` if it is a UsageError: `<bench>: <message>` and
 * `Run with --help for the options.` on stderr, exit code 2. Anything else
 * is left to the caller.
 * @returns whether it was a UsageError (and is reported).
 * @example
 * main().catch((error) => { if (!reportUsageError('queue-bench', error)) report(error); });
 */
export function reportUsageError(bench: string, error: unknown): boolean {
  if (!(error instanceof UsageError)) return false;
  process.stderr.write(`${bench}: ${error.message}\nRun with --help for the options.\n`);
  process.exitCode = 2;
  return true;
}

/**
 * Run a bench's `main`: a UsageError is reported by `reportUsageError`
 * (exit code 2), any other failure as `<bench> failed: <stack>` (exit code 1).
 * @example
 * runBench('bench', main);
 */
export function runBench(bench: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (reportUsageError(bench, error)) return;
    process.stderr.write(`${bench} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
