import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'koa';
import { type Artifact, type Engine, esdhError } from '../../../engine/index.js';
import { resolveGenerateRequest } from './generate-request.js';

/** Content types of the formats esdh writes; any other format is sent as bytes. */
const TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  sqlite: 'application/vnd.sqlite3',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * POST /download/:format: the same body as /generate (plus an optional
 * `entities` list, as `esdh run --entities`), written with the format's
 * exporter into a temporary folder (a real `engine.run`, so the file is the
 * bytes `esdh run --format <format>` writes) and sent as an attachment. A
 * format that writes one file per entity (csv, ndjson, parquet) sends the one
 * named by `?entity=`; sqlite and json send their one data file. The folder
 * is removed when the answer is sent or the client leaves; on any error
 * before that, at once. At most api.max_records_json units (it is written to disk).
 */
export async function download(ctx: Context, engine: Engine, format: string): Promise<void> {
  const formats = engine.formats();
  if (!formats.includes(format)) throw esdhError('ESDH_ERR_REQUEST_INVALID', `Unknown download format '${format.slice(0, 40)}'; formats: ${formats.join(', ')}`);
  const { entities, rest } = splitEntities(engine, ctx.request.body);
  const request = resolveGenerateRequest(engine, rest);
  const cap = engine.config.api.max_records_json;
  if (request.options.records > cap) throw esdhError('ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT', request.options.records, cap, 'a download (api.max_records_json)', 'ask for fewer, or use esdh run for large runs');
  const wanted = typeof ctx.query.entity === 'string' ? ctx.query.entity : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'esdh-download-'));
  let sent = false;
  try {
    const { manifest } = await engine.run({ ...request.options, ...(entities ? { entities } : {}), formats: [format], out: join(dir, 'run') });
    const artifact = pick(manifest.artifacts.filter((a) => a.format === format), wanted, engine, format);
    ctx.set('X-ESDH-Seed', String(manifest.seed));
    ctx.set('X-ESDH-Records', String(artifact.records));
    ctx.set('Content-Disposition', `attachment; filename="${artifact.file}"`);
    ctx.type = TYPES[format] ?? 'application/octet-stream';
    ctx.length = artifact.bytes;
    const stream = createReadStream(join(dir, 'run', artifact.file));
    ctx.res.once('close', () => void rm(dir, { recursive: true, force: true }));
    ctx.body = stream;
    sent = true;
  } finally {
    if (!sent) await rm(dir, { recursive: true, force: true });
  }
}

/** The `entities` field taken out of the body (checked), the rest left for the generate checks. */
function splitEntities(engine: Engine, body: unknown): { entities?: string[]; rest: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('entities' in body)) return { rest: body };
  const { entities, ...rest } = body as Record<string, unknown>;
  if (!Array.isArray(entities) || entities.length === 0 || !entities.every((e) => typeof e === 'string')) {
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid entities ${JSON.stringify(entities).slice(0, 80)}: expected a non-empty list of entity names, e.g. ["person", "vehicle"] (GET /entities lists them)`);
  }
  return { entities: entities.map((e) => engine.entity(e).name), rest };
}

/** The file to send: the entity asked for, else the format's only file (or its dataset/snapshot file). */
function pick(artifacts: Artifact[], wanted: string | undefined, engine: Engine, format: string): Artifact {
  if (wanted !== undefined) {
    const name = engine.entity(wanted).name;
    const found = artifacts.find((a) => a.entity === name);
    if (found) return found;
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `The ${format} download has no file for entity '${wanted.slice(0, 40)}'; it has: ${artifacts.map((a) => a.entity ?? a.file).join(', ')}`);
  }
  if (artifacts.length === 1) return artifacts[0]!;
  const whole = artifacts.filter((a) => a.entity === undefined && /^(dataset|snapshot)_/.test(a.role));
  if (whole.length === 1) return whole[0]!;
  throw esdhError('ESDH_ERR_REQUEST_INVALID', `${format} writes one file per entity: add ?entity=<name> to the URL (one of ${artifacts.map((a) => a.entity).filter(Boolean).join(', ')})`);
}
