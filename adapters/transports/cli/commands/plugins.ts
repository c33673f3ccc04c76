import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { table } from '../format.js';

/** `esdh plugins`: the registered entities and what they depend on. */
export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List the registered entity plugins: version, dependencies, schema, whether runs include them by default.',
  usage: 'esdh plugins [--json]',
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  async run(args, io) {
    const engine = await engineFor(args, io);
    const entities = engine.entities();
    if (args.values.json) {
      io.stdout.write(JSON.stringify({ entities, formats: engine.formats() }, null, 2) + '\n');
      return 0;
    }
    io.stdout.write([
      table([['entity', 'plural', 'version', 'depends on', 'schema', 'default', 'description'], ...entities.map((e) => [e.name, e.plural, e.version, e.dependencies.join(',') || '-', e.schemaId, e.enabledByDefault ? 'on' : 'off', e.description])]).trimEnd(),
      '',
      `Formats: ${engine.formats().join(', ')}`,
      'Turn an entity on for a run with --entities person,vehicle,profile,policy or in a profile\'s entities.',
      '',
    ].join('\n'));
    return 0;
  },
};
