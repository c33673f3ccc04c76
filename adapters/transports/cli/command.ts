import { parseArgs, type ParseArgsConfig } from 'node:util';
import { esdhError } from '../../../engine/index.js';

/** Where a command writes and what it may read: injected so tests run the CLI in-process. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal?: AbortSignal;
  /** Milliseconds for progress displays (default: performance.now); tests pass a fake one. */
  readonly clock?: () => number;
}

/** One option of a command, for parsing and for --help. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly value?: string;
  readonly help: string;
}

/** A CLI command: its options, its help and what it does. Thin: parsing and printing only. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Extra lines for --help: examples, notes. */
  readonly details?: readonly string[];
  readonly positionals?: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Options every command takes. */
const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', value: 'file', help: 'config file to use instead of searching (esdh.config.yaml, .esdhrc, package.json "esdh")' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Parse argv for `command`; unknown or malformed options are ESDH_ERR_USAGE. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries({ ...COMMON_OPTIONS, ...command.options })) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  }
  // `--records -1` would read -1 as a flag; bind negative numbers to the option so its check can name them.
  const args: string[] = [];
  const byShort = new Map(Object.entries(options).filter(([, o]) => o.short).map(([n, o]) => [`-${o.short}`, n]));
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : byShort.get(argv[i]!);
    if (name && options[name]?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) args.push(`--${name}=${argv[++i]}`);
    else args.push(argv[i]!);
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: command.positionals ?? false, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw esdhError('ESDH_ERR_USAGE', (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').split('\n')[0]!.replace(/\.$/, ''), command.name);
  }
}

/** The --help text of a command. */
export function commandHelp(command: Command): string {
  const rows = Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : ''}`;
    return [flag, spec.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    ...(command.details?.length ? ['', ...command.details] : []),
    '',
  ].join('\n');
}

/** A string option's value, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}
