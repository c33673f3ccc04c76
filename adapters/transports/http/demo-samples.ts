import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../engine/index.js';
import { resolveGenerateRequest } from './generate-request.js';
import { generateResponse } from './generate-response.js';

/** The seed and size of the canned payloads (data/demo_samples/phase1/). */
export const DEMO_SAMPLE_REQUEST = { records: 3, seed: 20251101 } as const;

/** Where the canned payloads live, relative to the repository root. */
export const DEMO_SAMPLES_DIR = join('data', 'demo_samples', 'phase1');

/** Each canned payload: its file and the route whose response body it holds. */
export const DEMO_SAMPLES = [
  { file: 'bundle.json', route: '/generate/bundle', entity: 'bundle' },
  { file: 'persons.json', route: '/generate/person', entity: 'person' },
  { file: 'vehicles.json', route: '/generate/vehicle', entity: 'vehicle' },
  { file: 'profiles.json', route: '/generate/profile', entity: 'profile' },
] as const;

/** One canned payload: the route, the body the server answers, and the file text. */
export interface DemoSample {
  readonly file: string;
  readonly route: string;
  readonly body: Record<string, unknown>;
  readonly content: string;
}

/**
 * The canned payloads: exactly the bodies the server answers to
 * `POST <route> {"records": 3, "seed": 20251101}` (a test checks it over HTTP),
 * pretty-printed. Make them with an engine on the built-in config
 * (`createEngine({ noConfigFile: true, env: {} })`) so a project config cannot change them.
 */
export async function demoSamples(engine: Engine): Promise<DemoSample[]> {
  const out: DemoSample[] = [];
  for (const sample of DEMO_SAMPLES) {
    const body = await generateResponse(engine, sample.entity, resolveGenerateRequest(engine, { ...DEMO_SAMPLE_REQUEST }));
    out.push({ file: sample.file, route: sample.route, body, content: JSON.stringify(body, null, 2) + '\n' });
  }
  return out;
}

/** Every file of the samples folder (the payloads and README.md): name → text. */
export async function demoSampleFiles(engine: Engine): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const sample of await demoSamples(engine)) files[sample.file] = sample.content;
  files['README.md'] = demoSamplesReadme(engine);
  return files;
}

/** Write the samples folder; returns the file names written. */
export async function writeDemoSamples(engine: Engine, dir: string): Promise<string[]> {
  const files = await demoSampleFiles(engine);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return Object.keys(files);
}

/** The README written beside the canned payloads. */
export function demoSamplesReadme(engine: Engine): string {
  const versions = engine.entities().filter((e) => e.enabledByDefault).map((e) => `${e.name} ${e.version}`).join(', ');
  return [
    '# Canned demo payloads (phase 1)',
    '',
    'Drop-in backups for walkthroughs and slides when a live server is not available.',
    `Each file is the JSON body that \`esdh serve\` answers to \`POST <route>\` with \`${JSON.stringify(DEMO_SAMPLE_REQUEST)}\``,
    `on the built-in config (as_of ${engine.config.as_of}), pretty-printed:`,
    '',
    '| file | route |',
    '|---|---|',
    ...DEMO_SAMPLES.map((s) => `| \`${s.file}\` | \`POST ${s.route}\` |`),
    '',
    `Made by the tool, never by hand (plugins ${versions}). After a plugin change, regenerate them`,
    'together with the HTTP golden files:',
    '',
    '```sh',
    'npm run build && UPDATE_GOLDEN=1 npx mocha --grep @http-golden',
    '```',
    '',
    'or only these files with `npm run build && node bin/esdh.js demo samples`.',
    '`test/adapters/transports/http/demo-samples.test.ts` fails when they drift from what the server answers.',
    '',
  ].join('\n');
}
