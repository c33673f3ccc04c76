import { relative } from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import { type Engine, ENGINE_VERSION, esdhError } from '../../../engine/index.js';
import { BUNDLE, generateResponse, ndjsonChunks } from './generate-response.js';
import { type RecordBudget, RETRY_AFTER_SECONDS } from './json-budget.js';
import type { Logger } from './logger.js';
import { NDJSON_TYPE, writeNdjson } from './ndjson-writer.js';
import { buildOpenApi } from './openapi.js';
import { download } from './download.js';
import { listSnapshots, snapshotById, snapshotRoots } from './snapshot-catalog.js';
import { ViewCache } from './snapshot-view.js';
import { ResolvedRequests } from './resolved-requests.js';

/** What the routes need beyond the engine. */
export interface RouterOptions {
  readonly logger: Logger;
  /** Records plain JSON answers in flight may hold in all. */
  readonly jsonBudget: RecordBudget;
  /** Aborted when the server's shutdown grace is over: streams still running end with an error line. */
  readonly shutdown?: AbortSignal;
  /** A stream whose client reads nothing for this long is closed. */
  readonly idleTimeoutMs: number;
}

/**
 * The routes: thin. The body is already parsed (json-body.ts); they check it,
 * call the engine and answer; every error is thrown as an EsdhError and
 * answered by the error middleware.
 */
export function createRouter(engine: Engine, options: RouterOptions): Router {
  const { logger, jsonBudget } = options;
  const router = new Router();
  let openApi: Record<string, unknown> | undefined;

  router.get('/healthz', (ctx) => {
    ctx.body = health(engine);
  });

  router.get('/entities', (ctx) => {
    ctx.body = {
      entities: engine.entities().map((e) => ({
        name: e.name,
        plural: e.plural,
        version: e.version,
        description: e.description,
        dependencies: e.dependencies,
        enabled_by_default: e.enabledByDefault,
        fields: e.fields,
        schema_url: `/schemas/${e.name}`,
        generate_url: `/generate/${e.name}`,
      })),
    };
  });

  router.get('/schemas/:entity', (ctx) => {
    ctx.body = engine.schemas.schema(engine.entity(ctx.params.entity!).schemaId);
  });

  router.get('/openapi.json', (ctx) => {
    ctx.body = openApi ??= buildOpenApi(engine);
  });

  router.get('/profiles', (ctx) => {
    ctx.body = profilesBody(engine);
  });

  // Read-only views of snapshots on disk for the studio: ids, never paths (snapshot-catalog.ts).
  const views = new ViewCache(engine);
  router.get('/snapshots', (ctx) => {
    const base = engine.config.baseDir;
    const { runsDir } = snapshotRoots(engine);
    ctx.body = {
      runs_dir: relative(base, runsDir) || '.',
      snapshots: listSnapshots(engine).map(({ path, ...entry }) => ({ ...entry, path: relative(base, path) || '.', url: `/snapshots/${encodeURIComponent(entry.id)}` })),
    };
  });

  router.get('/snapshots/:id', async (ctx) => {
    const entry = snapshotById(engine, ctx.params.id!);
    ctx.body = { ...(await views.get(entry)), path: relative(engine.config.baseDir, entry.path) || '.' };
  });

  router.post('/download/:format', (ctx) => download(ctx, engine, ctx.params.format!));

  const requests = new ResolvedRequests(engine);
  router.post('/generate/:entity', async (ctx) => {
    const entity = ctx.params.entity!;
    const name = entity === BUNDLE ? BUNDLE : engine.entity(entity).name;
    // The body's exact text decides its resolution: one JSON Schema check and plan per distinct text (resolved-requests.ts).
    const text: unknown = ctx.request.body === undefined ? '' : ctx.request.rawBody;
    const request = requests.resolve(typeof text === 'string' ? text : undefined, ctx.request.body);
    const stream = wantsNdjson(ctx);
    const { api } = engine.config;
    const cap = stream ? api.max_records_stream : api.max_records_json;
    if (request.options.records > cap) {
      throw esdhError('ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT', request.options.records, cap, stream ? 'a streamed (NDJSON) response (api.max_records_stream)' : 'a JSON response (api.max_records_json)',
        stream ? 'ask for fewer, or split the request with several seeds' : `ask for ${NDJSON_TYPE} (Accept header) to stream up to ${api.max_records_stream}`);
    }
    // Plain JSON is built in memory: its records count against the budget, or the answer is 503 now.
    const release = stream ? undefined : holdJsonBudget(ctx, jsonBudget, request.options.records);
    ctx.set('X-ESDH-Seed', String(request.options.seed));
    ctx.set('X-ESDH-Records-Requested', String(request.options.records));
    ctx.set('X-ESDH-As-Of', request.options.asOf);
    ctx.set('X-ESDH-Dataset-Version', engine.config.dataset_version);
    if (!release) {
      await writeNdjson(ctx, ndjsonChunks(engine, name, request), logger, { signal: options.shutdown, idleTimeoutMs: options.idleTimeoutMs, units: request.options.records });
      return;
    }
    try {
      // The text, not the object: the records can be collected while the text is sent (same bytes Koa would write).
      const text = JSON.stringify(await generateResponse(engine, name, request));
      ctx.type = 'application/json';
      ctx.body = text;
    } catch (error) {
      release();
      throw error;
    }
  });

  return router;
}

/** GET /healthz: v0.1 fields (status, dataset_version, default_seed, target_records, plan) and more. */
export function health(engine: Engine): Record<string, unknown> {
  const { config } = engine;
  const plan = engine.plan({});
  const plugins = engine.registry.order(plan.entities);
  return {
    status: 'ok',
    dataset_version: config.dataset_version,
    default_seed: config.default_seed,
    default_records: config.api.default_records,
    target_records: plan.records,
    default_profile: plan.profile,
    synthetic_source: config.synthetic_source,
    plan: {
      entities: plugins.map((p) => ({ name: p.name, plural: p.plural, version: p.version, dependencies: p.dependencies })),
      steps: [
        `Dataset version: ${config.dataset_version}`,
        `Profile ${plan.profile}: ${plan.records} records as of ${plan.asOf}`,
        'Each record draws from its own stream of (seed, entity, unit, child): the same seed gives the same data',
        ...plugins.map((p) => `Generate ${p.name} ${p.version}${p.dependencies.length ? ` from ${p.dependencies.join(', ')}` : ', one per unit'}`),
        `Validate every record against its JSON Schema${config.validate ? '' : ' (off in this config)'}`,
      ],
    },
    limits: { max_records_json: config.api.max_records_json, max_records_stream: config.api.max_records_stream, body_limit_bytes: config.api.body_limit_bytes },
    engine_version: ENGINE_VERSION,
    // v0.1 aliases
    version: config.dataset_version,
    seed: config.default_seed,
  };
}

/** GET /profiles: the config's profiles as a run resolves them (records, seed, as_of, entities), and the output formats. */
export function profilesBody(engine: Engine): Record<string, unknown> {
  const { config } = engine;
  return {
    default_profile: config.default_profile,
    profiles: Object.entries(config.profiles).map(([name, profile]) => {
      const plan = engine.plan({ profile: name, ...(profile.randomize ? { seed: config.default_seed } : {}) });
      return { name, description: profile.description ?? '', records: plan.records, seed: profile.randomize ? null : plan.seed, randomize: profile.randomize === true, as_of: plan.asOf, entities: engine.registry.order(plan.entities).map((p) => p.name) };
    }),
    formats: engine.formats(),
  };
}

/**
 * Hold `records` of the JSON budget until the answer is written or the client
 * left (a slow reader keeps the text in memory); 503 with Retry-After when they do not fit.
 */
function holdJsonBudget(ctx: Context, budget: RecordBudget, records: number): () => void {
  const release = budget.take(records);
  if (!release) {
    ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
    throw esdhError('ESDH_ERR_SERVER_BUSY', budget.inFlight, budget.limit, RETRY_AFTER_SECONDS);
  }
  ctx.res.once('close', release);
  return release;
}

/** NDJSON when the client prefers it in Accept; JSON otherwise (also for Accept: * / * or none). */
function wantsNdjson(ctx: Context): boolean {
  const accept = ctx.get('Accept');
  if (!/ndjson/i.test(accept)) return false;
  const best = ctx.accepts('application/json', NDJSON_TYPE, 'application/ndjson');
  return best === NDJSON_TYPE || best === 'application/ndjson';
}
