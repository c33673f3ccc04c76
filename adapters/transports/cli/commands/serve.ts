import { esdhError } from '../../../../engine/index.js';
import { createLogger, silentLogger } from '../../http/logger.js';
import { startServer } from '../../http/server.js';
import { stringOption, type Command, type CliIO } from '../command.js';
import { engineFor } from '../engine-for.js';

/** `esdh serve`: the HTTP API in the foreground until Ctrl+C (or SIGTERM). */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the HTTP API (/healthz, POST /generate/<entity> and /generate/bundle, /entities, /schemas/<entity>, /snapshots, /download/<format>, /openapi.json) and the studio page at /.',
  usage: 'esdh serve [--port N] [--host ADDR] [--quiet]',
  options: {
    port: { type: 'string', value: 'port', help: 'port to listen on; 0 picks a free one (default: api.port from the config, 5000, or $DEMO_API_PORT)' },
    host: { type: 'string', value: 'addr', help: 'address to listen on (default: api.host, 127.0.0.1); any other than loopback needs an API key' },
    quiet: { type: 'boolean', short: 'q', help: 'no access log (errors are still logged)' },
  },
  details: [
    'The access log is JSON lines on stdout (one per request, with its X-Request-Id); the startup line goes to stderr.',
    'API key: api.api_key in the config or $ESDH_API_KEY; clients send X-API-Key: <key> or Authorization: Bearer <key>.',
    'Ctrl+C or SIGTERM stop accepting requests and let those in flight finish (up to api.shutdown_timeout_ms, 10 s); NDJSON streams still running then end with an error line saying the server is shutting down. A second Ctrl+C exits at once.',
    'Connections are bounded: api.headers_timeout_ms, api.request_timeout_ms, api.keep_alive_timeout_ms, api.idle_timeout_ms, api.max_connections; plain JSON answers in flight hold at most api.max_json_records_in_flight records (503 with Retry-After beyond).',
    '',
    'The studio: open http://127.0.0.1:5000/ in a browser to generate, explore a snapshot of output.runs_dir (or the governed one) and compare two.',
    '',
    'Examples:',
    '  esdh serve',
    "  curl -s -X POST localhost:5000/generate/bundle -H 'Content-Type: application/json' -d '{\"records\":3,\"seed\":42}'",
    "  curl -sN -X POST localhost:5000/generate/bundle -H 'Accept: application/x-ndjson' -H 'Content-Type: application/json' -d '{\"records\":1000000}' > bundles.ndjson",
    '  DEMO_API_PORT=5051 esdh serve',
    'See docs/http-api.md for every route, body, error and limit.',
  ],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const port = parsePort(stringOption(args, 'port')) ?? engine.config.api.port;
    const host = stringOption(args, 'host') ?? engine.config.api.host;
    const log = createLogger(io.stdout);
    const logger = args.values.quiet ? { ...silentLogger, warn: log.warn, error: log.error } : log;
    const server = await startServer(engine, { host, port, logger });
    io.stderr.write(`ESDH API listening on ${server.url} (dataset ${engine.config.dataset_version}, ${engine.config.api.api_key ? 'API key required' : 'no API key: loopback only'}); the studio: ${server.url}/; Ctrl+C stops it\n`);
    await untilAborted(io);
    io.stderr.write('Stopping: letting requests in flight finish...\n');
    await server.close();
    io.stderr.write('Stopped.\n');
    return 0;
  },
};

/** A port from --port: a whole number 0..65535. */
function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw esdhError('ESDH_ERR_OPTION_INVALID', '--port', JSON.stringify(value), 'expected a port number 0-65535 (0 picks a free one)');
  return port;
}

function untilAborted(io: CliIO): Promise<void> {
  return new Promise((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
