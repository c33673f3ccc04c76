import { esdhError } from '../../../../engine/index.js';
import { callApi, expectOk } from '../../http/client.js';
import { stringOption, type Command } from '../command.js';
import { demoApiUrl } from '../demo/server-url.js';
import { engineFor } from '../engine-for.js';
import { inProcessPayload } from '../in-process-payload.js';
import { renderPreview } from '../preview-render.js';
import { RUN_REQUEST_OPTIONS, runRequestFrom, WHERE_HELP } from '../run-request.js';

/** `esdh preview`: metadata and the first records of each entity, readable in a terminal. */
export const previewCommand: Command = {
  name: 'preview',
  summary: 'Show the metadata and the first N records of each entity, in colour: in-process, or through the API with --use-api.',
  usage: 'esdh preview [--profile baseline] [--records N] [--preview N] [--seed N | --randomize] [--use-api [--api-url URL]] [--endpoint bundle|person|vehicle|profile]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    preview: { type: 'string', value: 'count', help: 'records to show per entity (default 2)' },
    'use-api': { type: 'boolean', help: 'ask a running server (esdh serve / esdh demo --keep-server) instead of generating in-process' },
    'api-url': { type: 'string', value: 'url', help: 'the server (default: the demo server if one is running, else http://<api.host>:<api.port>)' },
    endpoint: { type: 'string', value: 'name', help: 'what to fetch: bundle (default), person, vehicle or profile (any entity name works)' },
    json: { type: 'boolean', help: 'print the payload as JSON instead' },
  },
  details: [
    'The same flags give the same records in both modes: the seed and as_of are resolved here and sent to the server.',
    '',
    'Examples:',
    '  esdh preview --profile baseline --preview 2',
    '  esdh preview --records 3 --preview 2 --randomize',
    '  esdh preview --use-api --api-url http://127.0.0.1:5000 --records 3 --endpoint profile',
    '  esdh preview --profile book --records 3 --where \'state=AZ,lob_type=Commercial\'',
    '',
    ...WHERE_HELP,
  ],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const request = runRequestFrom(args);
    const plan = engine.plan(request);
    const show = parseCount(stringOption(args, 'preview'));
    const endpoint = stringOption(args, 'endpoint') ?? 'bundle';
    if (endpoint !== 'bundle') engine.entity(endpoint);
    let payload: Record<string, unknown>;
    let source: string;
    if (args.values['use-api']) {
      const url = stringOption(args, 'api-url') ?? demoApiUrl(engine);
      const response = expectOk(await callApi<Record<string, unknown>>({ url, apiKey: engine.config.api.api_key }, 'POST', `/generate/${endpoint}`, { records: plan.records, seed: plan.seed, as_of: plan.asOf, ...(plan.lob ? { lob: plan.lob } : {}), ...(plan.whereText.length > 0 ? { where: plan.whereText } : {}) }), `${url}/generate/${endpoint}`);
      payload = response.body;
      source = `API ${url}/generate/${endpoint} (${Math.round(response.ms)} ms)`;
    } else {
      payload = await inProcessPayload(engine, endpoint, plan);
      source = 'in-process engine';
    }
    if (args.values.json) io.stdout.write(JSON.stringify(payload, null, 2) + '\n');
    else io.stdout.write(renderPreview(payload, { show, source, profile: plan.profile, io }));
    return 0;
  },
};

function parseCount(value: string | undefined): number {
  if (value === undefined) return 2;
  if (!/^\d+$/.test(value.trim())) throw esdhError('ESDH_ERR_OPTION_INVALID', '--preview', JSON.stringify(value), 'expected a whole number of records to show (e.g. 2)');
  return Number(value);
}
