import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { table } from '../format.js';

/** `esdh profiles`: what each profile will generate, the API defaults, and the fields of each entity. */
export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'Show the resolved profiles, the API defaults and the field list of each entity.',
  usage: 'esdh profiles [--json]',
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  async run(args, io) {
    const engine = await engineFor(args, io);
    const { config } = engine;
    const profiles = Object.entries(config.profiles).map(([name, p]) => ({
      name,
      description: p.description ?? '',
      records: p.records,
      seed: p.randomize ? 'random' : p.seed ?? config.default_seed,
      randomize: p.randomize ?? false,
      as_of: p.as_of ?? config.as_of,
      entities: p.entities ?? config.entities,
      formats: p.formats ?? config.formats,
      distributions: { ...config.distributions, ...p.distributions },
      ...(p.where === undefined ? {} : { where: p.where }),
      default: name === config.default_profile,
    }));
    const api = { host: config.api.host, port: config.api.port, health: '/healthz', default_records: config.api.default_records, max_records_json: config.api.max_records_json, max_records_stream: config.api.max_records_stream };
    const fields = Object.fromEntries(engine.entities().map((e) => [e.name, e.fields]));
    if (args.values.json) {
      io.stdout.write(JSON.stringify({ config_source: config.source, dataset_version: config.dataset_version, synthetic_source: config.synthetic_source, default_seed: config.default_seed, profiles, api, fields }, null, 2) + '\n');
      return 0;
    }
    io.stdout.write([
      `Config: ${config.source}`,
      `Dataset ${config.dataset_version}; default seed ${config.default_seed}; marker "${config.synthetic_source}"`,
      '',
      'Profiles:',
      table([['name', 'records', 'seed', 'as_of', 'entities', 'formats', 'states', 'lob mix', ''], ...profiles.map((p) => [p.name + (p.default ? ' *' : ''), String(p.records), String(p.seed), p.as_of, p.entities.join(','), p.formats.join(','), statesOf(p.distributions.states), lobMixOf(p.distributions.lob_mix), p.description])]).trimEnd(),
      '  (* = default; choose with --profile or DEMO_PROFILE; --lob Personal|Commercial limits a run to one line)',
      ...profiles.filter((p) => p.where !== undefined).map((p) => `  ${p.name} targets: ${[p.where].flat().join(',')}`),
      '  --where narrows a run to a scenario (state=AZ,claims>=1): esdh targets --profile <name> lists what each profile can target',
      '',
      `API: http://${api.host}:${api.port}  health ${api.health}  (DEMO_API_PORT overrides the port)`,
      '',
      'Fields:',
      ...Object.entries(fields).map(([name, list]) => `  ${name}: ${list.join(', ')}`),
      '',
    ].join('\n'));
    return 0;
  },
};

/** `all`, the listed codes, or the weighted ones, shortened for the table. */
function statesOf(states: unknown): string {
  if (states === undefined || states === 'all') return 'all';
  const codes = Array.isArray(states) ? (states as string[]) : Object.keys(states as Record<string, number>);
  return codes.length > 6 ? `${codes.slice(0, 5).join(',')},… (${codes.length})` : codes.join(',');
}

/** `Personal 0.9 / Commercial 0.1`. */
function lobMixOf(mix: Readonly<Record<string, number | undefined>> | undefined): string {
  return Object.entries(mix ?? {}).map(([lob, weight]) => `${lob} ${String(weight)}`).join(' / ') || '-';
}
