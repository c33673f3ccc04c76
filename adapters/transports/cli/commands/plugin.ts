import { relative } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { displayPath } from '../format.js';

/** `esdh plugin new <name>`: a working entity plugin, registered in the config. */
export const pluginCommand: Command = {
  name: 'plugin',
  summary: 'Scaffold a new entity plugin: schema, generator, golden-file test, registration in the config.',
  usage: 'esdh plugin new <name> [--depends person,vehicle] [--dir plugins] [--plural NAME] [--off]',
  positionals: true,
  options: {
    depends: { type: 'string', value: 'list', help: 'entities the new one reads from its unit, comma-separated (default: person)' },
    dir: { type: 'string', value: 'dir', help: 'folder that gets <name>/ (default: plugins/ beside the config file)' },
    plural: { type: 'string', value: 'name', help: 'plural for file names and payload keys (default: name + s, y → ies)' },
    off: { type: 'boolean', help: 'register the plugin but leave it out of entities (runs make it only with --entities)' },
  },
  details: [
    'Writes <dir>/<name>/<name>.schema.json, <name>.js (.mjs outside a "type": "module" package),',
    '<name>.test.js and golden/<seed>.json, then adds the module to plugins: and the entity to entities:',
    'in the config (esdh.config.yaml is created when there is none). The plugin works in esdh run as written.',
    '',
    'Examples:',
    '  esdh plugin new driver_history --depends person,vehicle',
    '  esdh plugin new telematics_trip --depends vehicle --dir src/plugins',
    '',
    'Guide: docs/plugins.md',
  ],
  async run(args, io) {
    const [action, name, ...extra] = args.positionals;
    if (action !== 'new') throw esdhError('ESDH_ERR_USAGE', action ? `unknown action '${action}': the only one is 'new'` : "say what to do: 'esdh plugin new <name>'", 'plugin');
    if (!name) throw esdhError('ESDH_ERR_USAGE', "name the plugin: 'esdh plugin new <name>' (lower-case, e.g. driver_history)", 'plugin');
    if (extra.length) throw esdhError('ESDH_ERR_USAGE', `unexpected argument '${extra[0]}'`, 'plugin');
    const depends = stringOption(args, 'depends');
    // The scaffolder (and the yaml package its config edit uses) loads only for this command.
    const { scaffoldPlugin } = await import('../scaffold/scaffold-plugin.js');
    const result = await scaffoldPlugin({
      name,
      plural: stringOption(args, 'plural'),
      depends: depends === undefined ? undefined : depends.split(',').map((s) => s.trim()).filter(Boolean),
      dir: stringOption(args, 'dir'),
      off: args.values.off === true,
      cwd: io.cwd,
      configPath: stringOption(args, 'config'),
      env: io.env,
    });
    const { spec } = result;
    const dir = displayPath(result.pluginDir, io.cwd);
    const test = `${dir}/${spec.name}.test${spec.ext}`;
    const config = displayPath(result.configFile, io.cwd);
    io.stdout.write([
      `Created plugin ${spec.name} (plural ${spec.plural}) in ${dir}/`,
      ...result.files.map((f) => `  ${relative(result.pluginDir, f).split('\\').join('/')}`),
      `${result.configCreated ? 'Created' : 'Updated'} ${config}: plugins += ${result.moduleEntry}${args.values.off ? '' : `, entities += ${spec.name}`}`,
      ...result.notes.map((n) => `Note: ${n}`),
      '',
      'Next:',
      `  npx esdh run --records 10           ${spec.plural}_<version>.csv appears beside persons_<version>.csv`,
      `  node --test ${test}   (or: npx mocha ${test})`,
      `  edit ${dir}/${spec.name}.schema.json and ${spec.name}${spec.ext}, then refresh the golden files: UPDATE_GOLDEN=1 node --test ${test}`,
      `  npx esdh codegen --schemas ${dir} --out ${dir}/generated   TypeScript types for the records`,
      '',
    ].join('\n'));
    return 0;
  },
};
