/**
 * The config edit `esdh plugin new` plans: YAML through the yaml package's
 * Document, every byte outside the edited list kept (comments, quoting, flow
 * maps, line ends); JSON configs parsed and re-serialised; anything it cannot
 * edit exactly refused with the line to add by hand.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { planConfigEdit, type ConfigAdditions } from '../../../../../adapters/transports/cli/scaffold/config-edit.js';
import { expectEsdhError } from '../../../../helpers/errors.js';
import { useTempDirs } from '../../../../helpers/temp-dir.js';

const TRIP: ConfigAdditions = { plugin: './plugins/trip/trip.js', entity: 'trip', defaultEntities: ['person', 'vehicle', 'profile'] };
const PLUGIN_ONLY: ConfigAdditions = { plugin: './plugins/trip/trip.js', defaultEntities: ['person', 'vehicle', 'profile'] };

describe('scaffold config edit (planConfigEdit)', () => {
  const tempDir = useTempDirs('esdh-config-edit-');

  /** The planned text for a config file holding `text`. */
  function edited(text: string, additions: ConfigAdditions = TRIP, name = 'esdh.config.yaml'): string {
    const file = join(tempDir(), name);
    writeFileSync(file, text);
    const edit = planConfigEdit(file, tempDir(), additions);
    expect(edit.before).to.equal(text);
    return edit.after;
  }

  it('keeps every comment and blank line around an existing plugins list, adding one line after its last item', () => {
    const before = [
      '# ESDH config for the claims team',
      '# (reviewed 2026-01)',
      '',
      'as_of: 2026-01-01 # pinned',
      '',
      'plugins: # shared first, then ours',
      '  # vendor plugins',
      "  - './vendor/shared.js'   # from the platform team",
      '',
      '  # our own',
      '  - "./plugins/odometer/odometer.js"',
      '  # - ./plugins/old/old.js (retired)',
      '',
      '# entities: left to the defaults',
      'profiles:',
      '  nightly: { records: 50, seed: 7 }   # small',
      '',
    ].join('\n');
    expect(edited(before, PLUGIN_ONLY)).to.equal(before.replace(
      '  - "./plugins/odometer/odometer.js"\n',
      '  - "./plugins/odometer/odometer.js"\n  - ./plugins/trip/trip.js\n',
    ));
  });

  it('adds to entities too, starting from the defaults when the config has none, and leaves a present item alone', () => {
    const before = 'plugins:\n  - ./plugins/trip/trip.js\nprofiles:\n  nightly: { records: 50 }\n';
    expect(edited(before)).to.equal(before + 'entities:\n  - person\n  - vehicle\n  - profile\n  - trip\n');
    const already = 'plugins: [./plugins/trip/trip.js]\nentities: [person, trip]\n';
    expect(edited(already)).to.equal(already);
  });

  it('a block list at column 0 gets its new item at column 0', () => {
    expect(edited('plugins:\n- ./a.js\n- ./b.js\nseed: 3\n', PLUGIN_ONLY)).to.equal('plugins:\n- ./a.js\n- ./b.js\n- ./plugins/trip/trip.js\nseed: 3\n');
  });

  it('a one-line flow list keeps its padding, quoting, same-line comment and the comment lines below it', () => {
    const before = "entities: [ person, 'vehicle' ]    # keep runs small\n  # (trip added by the scaffold)\nplugins: []\n";
    expect(edited(before)).to.equal("entities: [ person, 'vehicle', trip ] # keep runs small\n  # (trip added by the scaffold)\nplugins: [./plugins/trip/trip.js]\n");
  });

  it('an empty or null key gets a block list under it, its comment kept; a null entities starts from the defaults', () => {
    const before = 'plugins: ~ # none yet\nentities:\n  # to be decided\nseed: 1\n';
    expect(edited(before)).to.equal('plugins: # none yet\n  - ./plugins/trip/trip.js\nentities:\n  - person\n  - vehicle\n  - profile\n  - trip\n  # to be decided\nseed: 1\n');
  });

  it('finds a quoted key (the old line matcher appended a second plugins: key, which is invalid YAML)', () => {
    const out = edited('"plugins":\n  - ./a.js\n', PLUGIN_ONLY);
    expect(out).to.equal('"plugins":\n  - ./a.js\n  - ./plugins/trip/trip.js\n');
  });

  it('edits an anchored list that nothing else aliases', () => {
    expect(edited('plugins: &ours\n  - ./a.js\n', PLUGIN_ONLY)).to.equal('plugins: &ours\n  - ./a.js\n  - ./plugins/trip/trip.js\n');
  });

  it('keeps CRLF line ends, and quotes what YAML would not read back as the same string', () => {
    const before = '# team\r\nplugins:\r\n  - ./a.js\r\nseed: 1\r\n';
    const out = edited(before, { plugin: '@acme/esdh-plugin-trip', defaultEntities: [] });
    expect(out).to.equal('# team\r\nplugins:\r\n  - ./a.js\r\n  - "@acme/esdh-plugin-trip"\r\nseed: 1\r\n');
    expect(parse(out).plugins).to.deep.equal(['./a.js', '@acme/esdh-plugin-trip']);
  });

  it('appends to a file without plugins, dropping trailing blank lines; an empty file gets just the lists', () => {
    expect(edited('seed: 9 # fixed\n\n\n', PLUGIN_ONLY)).to.equal('seed: 9 # fixed\nplugins:\n  - ./plugins/trip/trip.js\n');
    expect(edited('', PLUGIN_ONLY)).to.equal('plugins:\n  - ./plugins/trip/trip.js\n');
    expect(edited('# nothing yet\n', PLUGIN_ONLY)).to.equal('# nothing yet\nplugins:\n  - ./plugins/trip/trip.js\n');
  });

  it('a config with no file yet is a new esdh.config.yaml', () => {
    const dir = tempDir();
    const edit = planConfigEdit(null, dir, TRIP);
    expect(edit).to.deep.equal({
      file: join(dir, 'esdh.config.yaml'),
      before: null,
      after: '# ESDH config: merged over the built-in defaults (esdh profiles shows the result).\nplugins:\n  - ./plugins/trip/trip.js\nentities:\n  - person\n  - vehicle\n  - profile\n  - trip\n',
    });
  });

  it('JSON configs are parsed and re-serialised with their indent: .esdhrc.json, .esdhrc holding JSON, package.json "esdh"', () => {
    expect(edited('{\n    "default_seed": 7\n}\n', TRIP, '.esdhrc.json')).to.equal('{\n    "default_seed": 7,\n    "plugins": [\n        "./plugins/trip/trip.js"\n    ],\n    "entities": [\n        "person",\n        "vehicle",\n        "profile",\n        "trip"\n    ]\n}\n');
    expect(JSON.parse(edited('{"plugins": ["./a.js"]}', PLUGIN_ONLY, '.esdhrc'))).to.deep.equal({ plugins: ['./a.js', './plugins/trip/trip.js'] });
    expect(edited('plugins:\n  - ./a.js\n', PLUGIN_ONLY, '.esdhrc')).to.equal('plugins:\n  - ./a.js\n  - ./plugins/trip/trip.js\n');
    const manifest = JSON.parse(edited(JSON.stringify({ name: 'qa', esdh: { as_of: '2026-01-01' } }, null, 2), PLUGIN_ONLY, 'package.json'));
    expect(manifest).to.deep.equal({ name: 'qa', esdh: { as_of: '2026-01-01', plugins: ['./plugins/trip/trip.js'] } });
  });

  describe('refuses with ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE and the line to add by hand', () => {
    const cases: [string, string, RegExp][] = [
      ['a flow list across lines', 'plugins: [\n  ./a.js,\n]\n', /\[ \] list written across lines/],
      ['a list aliased by another key (editing it would change both)', 'plugins: &p\n  - ./a.js\nextra: *p\n', /does not edit safely/],
      ['an alias', 'shared: &s [./a.js]\nplugins: *s\n', /its plugins is not a list/],
      ['a mapping', 'plugins: { a: ./a.js }\n', /its plugins is not a list/],
      ['a list with a mapping in it', 'plugins:\n  - path: ./a.js\n', /its plugins is not a list of strings/],
      ['invalid YAML', 'plugins: [./a.js\nseed: 1\n', /it is not valid YAML/],
      ['a top-level list', '- ./a.js\n', /its top level is not a mapping/],
    ];
    for (const [what, text, reason] of cases) {
      it(what, async () => {
        const file = join(tempDir(), 'esdh.config.yaml');
        writeFileSync(file, text);
        const error = await expectEsdhError(() => planConfigEdit(file, tempDir(), PLUGIN_ONLY), 'ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE');
        expect(error.message).to.match(reason).and.include('Add it by hand: plugins: [./plugins/trip/trip.js]');
      });
    }
  });
});
