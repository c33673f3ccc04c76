import { createEngine, type Engine } from '../../../engine/index.js';
import { stringOption, type CliIO, type ParsedArgs } from './command.js';

/** The engine a command works with: config from --config or found from the working folder. */
export function engineFor(args: ParsedArgs, io: CliIO): Promise<Engine> {
  return createEngine({ cwd: io.cwd, configPath: stringOption(args, 'config'), env: io.env });
}
