import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { table } from '../format.js';
import { WHERE_HELP } from '../run-request.js';

/** `esdh targets`: what `--where` may name in a profile's runs, with types and descriptions. */
export const targetsCommand: Command = {
  name: 'targets',
  summary: 'List what --where may name in a profile\'s runs: each targetable field and count, its type and what it means.',
  usage: 'esdh targets [--profile book] [--entities list] [--all] [--json]',
  options: {
    profile: { type: 'string', short: 'p', value: 'name', help: 'the profile whose runs to list (default: the default profile)' },
    entities: { type: 'string', value: 'list', help: 'the entities of the run instead, comma-separated (as esdh run --entities)' },
    all: { type: 'boolean', help: 'every registered entity, whatever the profile makes' },
    json: { type: 'boolean', help: 'print as JSON' },
  },
  details: ['', ...WHERE_HELP],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const entitiesText = stringOption(args, 'entities');
    const plan = engine.plan({ profile: stringOption(args, 'profile'), ...(entitiesText === undefined ? {} : { entities: entitiesText.split(',').map((s) => s.trim()).filter(Boolean) }) });
    const entities = args.values.all ? engine.registry.names() : plan.entities;
    const rows = engine.targetable(entities);
    const root = engine.registry.order(entities)[0]?.name;
    if (args.values.json) {
      io.stdout.write(JSON.stringify({ profile: args.values.all ? null : plan.profile, root, where: plan.whereText, targets: rows }, null, 2) + '\n');
      return 0;
    }
    const scope = args.values.all ? 'every registered entity' : `profile ${plan.profile} (${plan.entities.join(', ')})`;
    const lines = [`Targetable with --where in ${scope}; a bare field names the root entity, ${root ?? '-'}:`, ''];
    if (rows.length === 0) lines.push('  nothing: no plugin of this run declares targeting');
    else {
      lines.push(table([['term', 'type', 'values', 'what it is'], ...rows.map((r) => [
        r.type === 'count' ? `${r.name} OP n` : r.entity === root ? `${r.name.slice(root.length + 1)} (${r.name})` : r.name,
        r.type === 'count' ? `count (0..${r.max})` : `${r.type}${r.derived ? ', derived' : ''}`,
        r.values ? abbreviated(r.values) : '-',
        r.description,
      ])]).trimEnd());
    }
    if (plan.whereText.length > 0 && !args.values.all) lines.push('', `The profile's own terms (added to every run's): ${plan.whereText.join(',')}`);
    lines.push('', 'Example: esdh run --profile book --records 2000 --where \'state=AZ,lob_type=Commercial,claims>=1\' (esdh run --help has the grammar)', '');
    io.stdout.write(lines.join('\n'));
    return 0;
  },
};

/** An enum's values, shortened for the table. */
function abbreviated(values: readonly string[]): string {
  return values.length > 8 ? `${values.slice(0, 7).join(', ')}, … (${values.length})` : values.join(', ');
}
