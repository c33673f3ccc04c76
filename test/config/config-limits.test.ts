/**
 * Config files are input: bounded in size (after YAML aliases are expanded),
 * free of keys that reach JavaScript prototypes, and with a governance marker
 * that says the data is synthetic. Each refusal is a coded error naming the
 * file and the dotted path.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES } from '../../config/load-config.js';
import { createEngine } from '../../engine/index.js';
import { esdh } from '../helpers/cli.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const NO_ENV = {};

/** "Billion laughs": 9 levels of 9 aliases, 9^9 (387 million) strings once expanded. */
function aliasBomb(): string {
  const lines = ['entity_options:', '  person:', '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let previous = 'a';
  for (const name of 'bcdefghi') {
    lines.push(`    ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    previous = name;
  }
  return lines.join('\n') + '\n';
}

describe('config limits', () => {
  const tempDir = useTempDirs('esdh-config-limits-');

  function configIn(name: string, text: string): { dir: string; file: string } {
    const dir = tempDir();
    writeFileSync(join(dir, name), text);
    return { dir, file: join(dir, name) };
  }

  describe('size', () => {
    it('a YAML alias bomb in entity_options is refused at once with ESDH_ERR_CONFIG_TOO_LARGE stating the limits', async () => {
      const { dir, file } = configIn('esdh.config.yaml', aliasBomb());
      const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_TOO_LARGE');
      expect(error.message).to.equal(
        `Config ${file} is too large: its YAML aliases expand more than 100 times (an alias bomb?). The limits are 1048576 bytes (1 MiB) of JSON after YAML aliases are expanded, and 100 alias expansions: a config holds settings, not data (write a repeated value once, or move bulk data into a plugin)`,
      );
    });

    it('the bomb through the CLI with --workers 2: one coded line, exit 2, nothing written', async () => {
      const { dir } = configIn('esdh.config.yaml', aliasBomb());
      const result = await esdh(['run', '--records', '2', '--workers', '2', '--out', 'out'], dir);
      expect(result.stderr).to.match(/^ESDH_ERR_CONFIG_TOO_LARGE: [^\n]+\n$/);
      expect(result.code).to.equal(2);
    });

    it('few aliases of a large value: bounded by the expanded size (1 MiB as JSON)', async () => {
      const big = 'x'.repeat(20_000);
      const text = `entity_options:\n  person:\n    base: &big "${big}"\n    copies: [${Array(90).fill('*big').join(', ')}]\n`;
      expect(text.length).to.be.below(MAX_CONFIG_BYTES);
      const { dir, file } = configIn('esdh.config.yaml', text);
      const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_TOO_LARGE');
      expect(error.message).to.include(`Config ${file} is too large: it is more than ${MAX_CONFIG_BYTES} bytes as JSON`);
    });

    it('a YAML file over 1 MiB, and a JSON config over 1 MiB', async () => {
      const yaml = configIn('esdh.config.yaml', `entity_options:\n  person:\n    blob: "${'y'.repeat(MAX_CONFIG_BYTES)}"\n`);
      expect((await expectEsdhError(createEngine({ cwd: yaml.dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_TOO_LARGE')).message).to.match(/is too large: the file has \d+ bytes/);
      const json = configIn('esdh.config.json', JSON.stringify({ entity_options: { person: { blob: 'j'.repeat(MAX_CONFIG_BYTES) } } }));
      expect((await expectEsdhError(createEngine({ cwd: json.dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_TOO_LARGE')).message).to.include(`Config ${json.file} is too large`);
    });

    it('an alias that contains itself is refused, not followed for ever', async () => {
      const { dir, file } = configIn('esdh.config.yaml', 'entity_options:\n  person: &loop\n    again: *loop\n');
      const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.equal(`Invalid config in ${file} at entity_options.person.again: refers to itself (a YAML alias inside its own anchor): write the value out`);
    });

    it('ordinary aliases still work', async () => {
      const { dir } = configIn('esdh.config.yaml', 'profiles:\n  a: &p { records: 4, seed: 1 }\n  b: *p\n');
      const { config } = await createEngine({ cwd: dir, env: NO_ENV });
      expect(config.profiles.b).to.include({ records: 4, seed: 1 });
    });
  });

  describe('prototype keys', () => {
    const cases: [string, string, string][] = [
      ['esdh.config.yaml', 'profiles:\n  __proto__: { records: 3 }\n', 'profiles.__proto__'],
      ['esdh.config.yaml', 'api:\n  __proto__: { port: 1 }\n', 'api.__proto__'],
      ['esdh.config.yaml', 'entity_options:\n  person:\n    deep: [ { constructor: { x: 1 } } ]\n', 'entity_options.person.deep.0.constructor'],
      ['esdh.config.json', '{"profiles": {"__proto__": {"records": 3}}}', 'profiles.__proto__'],
      ['esdh.config.json', '{"api": {"__proto__": {"port": 1}}}', 'api.__proto__'],
      ['.esdhrc.json', '{"entity_options": {"prototype": {}}}', 'entity_options.prototype'],
    ];
    for (const [name, text, path] of cases) {
      it(`${name}: ${path} → ESDH_ERR_CONFIG_INVALID naming the dotted path`, async () => {
        const { dir, file } = configIn(name, text);
        const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
        const key = path.split('.').pop();
        expect(error.message).to.equal(`Invalid config in ${file} at ${path}: the key '${key}' is not allowed anywhere in a config (it would reach into JavaScript's object prototypes): rename it`);
      });
    }

    it('in the config passed to createEngine too', async () => {
      const overrides = JSON.parse('{"profiles": {"__proto__": {"records": 3}}}');
      const error = await expectEsdhError(createEngine({ noConfigFile: true, env: NO_ENV, config: overrides }), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.include('Invalid config in the config passed to createEngine at profiles.__proto__');
    });
  });

  describe('synthetic_source', () => {
    it('a marker without the word synthetic is refused, naming the file', async () => {
      const { dir, file } = configIn('esdh.config.yaml', 'synthetic_source: acme production data\n');
      const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.equal(`Invalid config in ${file} at synthetic_source: must contain the word 'synthetic' (any case): a marker must say the data is synthetic; got "acme production data" (e.g. 'acme-qa synthetic')`);
    });

    it('given to createEngine, it is refused naming that source', async () => {
      const error = await expectEsdhError(createEngine({ noConfigFile: true, env: NO_ENV, config: { synthetic_source: 'qa team' } }), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.include('Invalid config in the config passed to createEngine at synthetic_source');
    });

    it('any case of synthetic is accepted', async () => {
      const { dir } = configIn('esdh.config.yaml', 'synthetic_source: ACME-QA SYNTHETIC v2\n');
      const { config } = await createEngine({ cwd: dir, env: NO_ENV });
      expect(config.synthetic_source).to.equal('ACME-QA SYNTHETIC v2');
    });
  });
});
