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
  where: { type: 'string', value: 'terms', help: 'scenario targeting: terms every unit meets by construction, comma-separated, added to the profile\'s (see below; esdh targets lists what a run can target)' },
};

/** The --help lines on `--where`, for every command that takes it. */
export const WHERE_HELP: readonly string[] = [
  'Scenario targeting (--where, docs/scenario-targeting.md): a comma-separated list of terms every unit meets, by',
  'construction (the generators draw from the conditioned distributions; nothing is generated and thrown away):',
  '  field OP value          a field of the run\'s root entity (the account in a book, the person in v0.1): state=AZ',
  '  entity.field OP value   at least one record of that entity in the unit matches: vehicle.body_style=Pickup',
  '  <plural> OP n           the number of records of that entity in the unit: claims>=1',
  '  OP is one of = != < <= > >=; a..b after = is an inclusive range: person.age=16..20',
  'Only targetable fields are accepted (esdh targets --profile <name> lists them with their types); quote the terms',
  'for the shell. Same seed and terms give the same bytes; the manifest records the terms.',
  '  esdh run --profile book --records 2000 --where \'state=AZ,lob_type=Commercial,claims>=1\'',
];

/** Turn the shared flags into a run request, each value checked with a clear error. */
export function runRequestFrom(args: ParsedArgs): RunRequest {
  const records = stringOption(args, 'records');
  const seed = stringOption(args, 'seed');
  const asOf = stringOption(args, 'as-of');
  const entities = stringOption(args, 'entities');
  const format = stringOption(args, 'format');
  const lob = stringOption(args, 'lob');
  const where = stringOption(args, 'where');
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
    ...(where === undefined ? {} : { where }),
  };
}
