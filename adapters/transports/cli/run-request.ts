import { esdhError, parseAsOf, parseLob, parseRecords, parseSeed, type RunRequest } from '../../../engine/index.js';
import { stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/** The flags that choose a run's data, shared by run, snapshot, preview and validate. */
export const RUN_REQUEST_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  profile: { type: 'string', short: 'p', value: 'name', help: 'profile from the config (default: baseline, or $DEMO_PROFILE)' },
  records: { type: 'string', short: 'n', value: 'count', help: 'units to generate: persons in the v0.1 profiles, accounts in the book (default: the profile\'s)' },
  seed: { type: 'string', short: 's', value: 'int', help: 'seed, a whole number (default: the profile\'s, else 20251101)' },
  randomize: { type: 'boolean', help: 'draw a fresh random seed (printed and recorded in the manifest)' },
  'as-of': { type: 'string', value: 'date', help: 'reference date YYYY-MM-DD for ages, model years, terms (default 2025-11-01)' },
  entities: { type: 'string', value: 'list', help: "entities to generate, comma-separated (default: the profile's, else person,vehicle,profile)" },
  lob: { type: 'string', value: 'line', help: 'only Personal or only Commercial accounts (default: the lob mix of the profile\'s distributions)' },
};

/** Turn the shared flags into a run request, each value checked with a clear error. */
export function runRequestFrom(args: ParsedArgs): RunRequest {
  const records = stringOption(args, 'records');
  const seed = stringOption(args, 'seed');
  const asOf = stringOption(args, 'as-of');
  const entities = stringOption(args, 'entities');
  const format = stringOption(args, 'format');
  const lob = stringOption(args, 'lob');
  if (seed !== undefined && args.values.randomize) throw esdhError('ESDH_ERR_OPTION_INVALID', 'options', '--seed with --randomize', 'give one or the other');
  return {
    profile: stringOption(args, 'profile'),
    records: records === undefined ? undefined : parseRecords(records, '--records'),
    seed: seed === undefined ? undefined : parseSeed(seed, '--seed'),
    randomize: args.values.randomize === true || undefined,
    asOf: asOf === undefined ? undefined : parseAsOf(asOf, '--as-of'),
    entities: entities === undefined ? undefined : entities.split(',').map((s) => s.trim()).filter(Boolean),
    formats: format === undefined ? undefined : format.split(',').map((s) => s.trim()).filter(Boolean),
    ...(lob === undefined ? {} : { lob: parseLob(lob, '--lob') }),
  };
}
