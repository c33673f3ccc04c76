import { resolve } from 'node:path';
import { createEngine } from '../../../../engine/index.js';
import { DEMO_SAMPLES_DIR, writeDemoSamples } from '../../http/demo-samples.js';
import { stringOption, type CliIO, type ParsedArgs } from '../command.js';
import { displayPath } from '../format.js';

/** `esdh demo samples`: the canned payloads, from an engine on the built-in config. */
export async function writeSamples(args: ParsedArgs, io: CliIO): Promise<number> {
  const engine = await createEngine({ noConfigFile: true, env: {} });
  const dir = resolve(io.cwd, stringOption(args, 'out') ?? DEMO_SAMPLES_DIR);
  const files = await writeDemoSamples(engine, dir);
  io.stdout.write(`Wrote ${files.length} files to ${displayPath(dir, io.cwd)}/: ${files.join(', ')}\n`);
  return 0;
}
