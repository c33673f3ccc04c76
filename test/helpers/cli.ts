/** Running the CLI in-process with captured output, or as a real child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../adapters/transports/cli/main.js';
import { packageRoot } from './package-root.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `esdh <argv>` in this process, in `cwd`, with a clean environment unless `env` adds to it. */
export async function esdh(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  return { code, stdout, stderr };
}

/** `node bin/esdh.js <argv>` as a child process: the real entry point. */
export function esdhProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), ...argv], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
