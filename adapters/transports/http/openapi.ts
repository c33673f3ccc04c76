import { type Engine, ENGINE_VERSION, ERRORS, type JsonSchema } from '../../../engine/index.js';
import { GENERATE_REQUEST_SCHEMA, NOT_NULL_FIELDS } from './generate-request.js';
import { NDJSON_TYPE } from './ndjson-writer.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });

/**
 * An OpenAPI 3.1 document of the server, built from the registered schemas:
 * every entity's JSON Schema becomes a component, so clients can be generated
 * for exactly the entities this server has.
 */
export function buildOpenApi(engine: Engine): Json {
  const entities = engine.entities();
  const defaults = new Set(engine.registry.order(engine.plan({}).entities).map((p) => p.name));
  const componentOf = new Map(entities.map((e) => [e.name, componentName(engine.schemas.schema(e.schemaId), e.schemaId)]));
  const { api } = engine.config;

  const schemas: Json = {
    GenerateRequest: withoutNull(stripIds(engine.schemas.schema(GENERATE_REQUEST_SCHEMA)), NOT_NULL_FIELDS),
    DatasetMetadata: stripIds(engine.schemas.schema('dataset-metadata')),
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'esdh_code', 'message'],
          properties: {
            code: { type: 'string', description: 'v0.1-compatible class of the error: invalid_request for every 400, not_found, method_not_allowed, payload_too_large, unsupported_media_type, unauthorized, internal_error', examples: ['invalid_request'] },
            esdh_code: { type: 'string', enum: Object.keys(ERRORS), description: 'The precise code; governance/ERRORS.md explains each' },
            message: { type: 'string', description: 'What went wrong and what to do next' },
            request_id: { type: 'string', description: 'Also in the X-Request-Id header and the server log' },
          },
        },
      },
    },
    EntityInfo: {
      type: 'object',
      required: ['name', 'plural', 'version', 'dependencies', 'schema_url'],
      properties: {
        name: { type: 'string' },
        plural: { type: 'string' },
        version: { type: 'string' },
        description: { type: 'string' },
        dependencies: { type: 'array', items: { type: 'string' } },
        enabled_by_default: { type: 'boolean', description: 'Part of /generate/bundle' },
        fields: { type: 'array', items: { type: 'string' } },
        schema_url: { type: 'string' },
        generate_url: { type: 'string' },
      },
    },
    Health: {
      type: 'object',
      required: ['status', 'dataset_version', 'default_seed', 'target_records', 'plan', 'engine_version'],
      properties: {
        status: { const: 'ok' },
        dataset_version: { type: 'string' },
        default_seed: { type: 'integer' },
        default_records: { type: 'integer' },
        target_records: { type: 'integer' },
        plan: { type: 'object' },
        engine_version: { type: 'string' },
      },
    },
  };
  schemas.ProfileList = {
    type: 'object',
    required: ['default_profile', 'profiles', 'formats'],
    properties: {
      default_profile: { type: 'string' },
      profiles: { type: 'array', items: { type: 'object', required: ['name', 'records', 'as_of', 'entities'], properties: { name: { type: 'string' }, description: { type: 'string' }, records: { type: 'integer' }, seed: { type: ['integer', 'null'], description: 'null for a profile that draws a fresh seed each run' }, randomize: { type: 'boolean' }, as_of: { type: 'string', format: 'date' }, entities: { type: 'array', items: { type: 'string' } } } } },
      formats: { type: 'array', items: { type: 'string' } },
    },
  };
  schemas.SnapshotEntry = {
    type: 'object',
    required: ['id', 'path', 'url', 'profile', 'records', 'record_counts', 'created'],
    properties: {
      id: { type: 'string' }, path: { type: 'string', description: 'Relative to the config folder' }, url: { type: 'string' }, profile: { type: 'string' }, dataset_version: { type: 'string' },
      records: { type: 'integer', description: 'Units of the run' }, record_counts: { type: 'object', additionalProperties: { type: 'integer' } }, formats: { type: 'array', items: { type: 'string' } },
      created: { type: 'string', description: 'When the run was written (manifest run.generated_at)' }, seed: { type: 'integer' }, as_of: { type: 'string' },
    },
  };
  schemas.SnapshotList = { type: 'object', required: ['runs_dir', 'snapshots'], properties: { runs_dir: { type: 'string' }, snapshots: { type: 'array', items: ref('SnapshotEntry') } } };
  schemas.SnapshotView = {
    type: 'object',
    required: ['id', 'manifest', 'verify', 'stats', 'charts', 'files'],
    properties: {
      id: { type: 'string' },
      path: { type: 'string' },
      manifest: { type: 'object', description: 'The snapshot manifest (schemas/snapshot-manifest.schema.json)' },
      verify: {
        type: 'object',
        required: ['ok', 'rules'],
        properties: {
          ok: { type: 'boolean' },
          signature: { type: 'object' },
          rules: { type: 'array', items: { type: 'object', required: ['rule', 'checked', 'failed', 'pass_rate'], properties: { rule: { type: 'string' }, description: { type: 'string' }, checked: { type: 'integer' }, failed: { type: 'integer' }, pass_rate: { type: 'number', minimum: 0, maximum: 1 }, examples: { type: 'array', items: { type: 'string' } } } } },
        },
      },
      stats: { type: 'object', description: '`esdh stats --json` of the snapshot (docs/stats.md), 60 values per text field' },
      charts: { type: 'array', items: { type: 'object', required: ['id', 'title', 'kind', 'source', 'labels', 'values'], properties: { id: { type: 'string' }, title: { type: 'string' }, kind: { enum: ['bar', 'histogram', 'line'] }, source: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } }, values: { type: 'array', items: { type: 'number' } } } } },
      files: { type: 'array', items: { type: 'object', required: ['file', 'format', 'bytes', 'sha256'], properties: { file: { type: 'string' }, format: { type: 'string' }, entity: { type: 'string' }, records: { type: 'integer' }, bytes: { type: 'integer' }, sha256: { type: 'string' } } } },
    },
  };
  for (const e of entities) schemas[componentOf.get(e.name)!] = stripIds(engine.schemas.schema(e.schemaId));
  const bundleItem: Json = {
    type: 'object',
    required: ['entity', 'record'],
    properties: { entity: { type: 'string', enum: [...defaults] }, record: { oneOf: [...defaults].map((name) => ref(componentOf.get(name)!)) } },
  };
  schemas.BundleLine = bundleItem;

  const paths: Json = {
    '/healthz': { get: { operationId: 'getHealth', summary: 'Status, dataset version, defaults and the generation plan', responses: { 200: { description: 'The server is up', content: { 'application/json': { schema: ref('Health') } } } } } },
    '/entities': {
      get: {
        operationId: 'listEntities',
        summary: 'Every registered entity: name, plural, version, dependencies, schema URL',
        responses: { 200: { description: 'The entities', content: { 'application/json': { schema: { type: 'object', required: ['entities'], properties: { entities: { type: 'array', items: ref('EntityInfo') } } } } } } },
      },
    },
    '/schemas/{entity}': {
      get: {
        operationId: 'getEntitySchema',
        summary: "An entity's JSON Schema",
        parameters: [{ name: 'entity', in: 'path', required: true, schema: { type: 'string', enum: entities.map((e) => e.name) } }],
        responses: { 200: { description: 'The JSON Schema (draft-07)', content: { 'application/json': { schema: { type: 'object' } } } }, 404: errorResponse('Unknown entity') },
      },
    },
    '/profiles': {
      get: {
        operationId: 'listProfiles',
        summary: "The config's profiles as a run resolves them (records, seed, as_of, entities) and the output formats (what the studio's form offers)",
        responses: { 200: { description: 'The profiles', content: { 'application/json': { schema: ref('ProfileList') } } } },
      },
    },
    '/snapshots': {
      get: {
        operationId: 'listSnapshots',
        summary: 'Snapshots the server may open (read-only): `governed` and each run folder of output.runs_dir with a manifest, newest first',
        responses: { 200: { description: 'The snapshots', content: { 'application/json': { schema: ref('SnapshotList') } } } },
      },
    },
    '/snapshots/{id}': {
      get: {
        operationId: 'getSnapshot',
        summary: "One snapshot's manifest, verify report (pass rate per rule), `esdh stats` and chart series; computed once per snapshot (the first call reads every file) and cached",
        parameters: [{ name: 'id', in: 'path', required: true, description: '`governed` or a run folder name from GET /snapshots (never a path)', schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$' } }],
        responses: {
          200: { description: 'The snapshot view', content: { 'application/json': { schema: ref('SnapshotView') } } },
          400: errorResponse('The snapshot cannot be read (ESDH_ERR_SNAPSHOT_UNREADABLE)'),
          401: errorResponse('API key missing or wrong'),
          404: errorResponse('No such snapshot (ESDH_ERR_SNAPSHOT_NOT_FOUND)'),
        },
      },
    },
    '/download/{format}': {
      post: {
        operationId: 'downloadRun',
        summary: 'Generate a run with one format\'s exporter and download its file: the bytes `esdh run --format <format>` writes',
        description: `The body is a GenerateRequest plus an optional \`entities\` list (as esdh run --entities). Formats with one file per entity (csv, ndjson, parquet) need ?entity=<name>; sqlite and json send their one data file. Up to api.max_records_json (${api.max_records_json}) units.`,
        parameters: [
          { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: engine.formats() } },
          { name: 'entity', in: 'query', required: false, description: 'The entity whose file to send (formats with one file per entity)', schema: { type: 'string', enum: entities.map((e) => e.name) } },
        ],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', description: 'GenerateRequest fields, plus entities', properties: { entities: { type: 'array', items: { type: 'string' }, minItems: 1 } } } } } },
        responses: {
          200: {
            description: 'The file, as an attachment (Content-Disposition names it)',
            content: Object.fromEntries(['text/csv', 'application/json', 'application/x-ndjson', 'application/vnd.sqlite3', 'application/vnd.apache.parquet'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
          400: errorResponse('Invalid body, unknown format, or ?entity= missing or not in the run'),
          401: errorResponse('API key missing or wrong'),
          404: errorResponse('Unknown entity'),
        },
      },
    },
    '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } },
  };
  for (const e of entities) {
    paths[`/generate/${e.name}`] = generateOperation(`generate${pascal(e.name)}`, `${e.plural} (and the entities they depend on, generated but not returned)`, {
      [e.plural]: { type: 'array', items: ref(componentOf.get(e.name)!) },
      record_count: { type: 'integer', description: `Records in ${e.plural}` },
    }, ref(componentOf.get(e.name)!), api);
  }
  paths['/generate/bundle'] = generateOperation('generateBundle', `every default entity (${[...defaults].join(', ')}), each under its plural key`, Object.fromEntries(
    [...defaults].map((name) => [entities.find((e) => e.name === name)!.plural, { type: 'array', items: ref(componentOf.get(name)!) }]),
  ), ref('BundleLine'), api);

  return {
    openapi: '3.1.0',
    info: {
      title: 'ESDH synthetic data API',
      version: ENGINE_VERSION,
      description: `Deterministic synthetic auto-insurance test data (dataset ${engine.config.dataset_version}). Every record carries synthetic_source = "${engine.config.synthetic_source}". The same request body gives the same records as engine.generate and esdh run.`,
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    // No key on loopback (the demo); a server on any other address requires one.
    security: [{}, { apiKeyHeader: [] }, { bearer: [] }],
  };
}

function generateOperation(operationId: string, what: string, listProperties: Json, lineSchema: Json, api: Engine['config']['api']): Json {
  return {
    post: {
      operationId,
      summary: `Generate ${what}`,
      description: `JSON (default) up to ${api.max_records_json} records; with Accept: ${NDJSON_TYPE}, one record per line, streamed in constant memory, up to ${api.max_records_stream}. The effective seed is in the body (JSON) or the X-ESDH-Seed header (NDJSON).`,
      requestBody: { required: false, content: { 'application/json': { schema: ref('GenerateRequest') } } },
      responses: {
        200: {
          description: 'The records',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['metadata', ...Object.keys(listProperties).filter((k) => k !== 'record_count'), 'records_requested', 'seed'],
                properties: { metadata: ref('DatasetMetadata'), ...listProperties, records_requested: { type: 'integer' }, seed: { type: 'integer', description: 'The effective seed: pass it back to repeat the request' } },
              },
            },
            [NDJSON_TYPE]: { schema: { ...lineSchema, description: 'Each line is one JSON value of this schema; a stream cut short (an error, the server shutting down) ends with one Error line' } },
          },
        },
        400: errorResponse('Invalid body: records, seed, as_of, profile or randomize (code invalid_request)'),
        401: errorResponse('API key missing or wrong'),
        404: errorResponse('Unknown entity'),
        408: errorResponse('The request did not arrive within api.headers_timeout_ms / api.request_timeout_ms'),
        413: errorResponse('Body over api.body_limit_bytes'),
        415: errorResponse('Body not application/json'),
        503: {
          ...errorResponse(`JSON answers in flight already hold api.max_json_records_in_flight (${api.max_json_records_in_flight}) records: retry, or ask for NDJSON`),
          headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer' } } },
        },
      },
    },
  };
}

/** The schema with `null` taken out of the named properties' types (the API refuses null there). */
function withoutNull(schema: JsonSchema, fields: readonly string[]): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const field of fields) {
    const property = properties[field];
    if (property && Array.isArray(property.type)) properties[field] = { ...property, type: property.type.filter((t: unknown) => t !== 'null') };
  }
  return { ...schema, properties };
}

function stripIds(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function componentName(schema: JsonSchema, schemaId: string): string {
  return typeof schema.title === 'string' && /^[A-Za-z0-9._-]+$/.test(schema.title) ? schema.title : pascal(schemaId);
}

function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
