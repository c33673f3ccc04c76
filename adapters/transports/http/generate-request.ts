import { type Engine, esdhError, EsdhError, type GenerateOptions, type GenerateRequest, parseAsOf, parseRecords, parseSeed, type RunPlan } from '../../../engine/index.js';

/** The schema of a generate body (schemas/generate-request.schema.json). */
export const GENERATE_REQUEST_SCHEMA = 'generate-request';

/** A checked generate request: the exact options handed to the engine, seed resolved. */
export interface ResolvedGenerateRequest {
  readonly options: Required<Pick<GenerateOptions, 'records' | 'seed' | 'asOf'>> & Pick<GenerateOptions, 'profile' | 'lob' | 'where'>;
  readonly plan: RunPlan;
}

const FIELDS = ['records', 'seed', 'randomize', 'profile', 'as_of', 'lob', 'where'];

/** Fields whose schema type admits null (v0.1 history) but that the API refuses as null: leave them out for the default. */
export const NOT_NULL_FIELDS = ['records', 'seed'] as const;

/**
 * Check a generate body against its JSON Schema and resolve it to engine options.
 * Defaults follow v0.1: records `api.default_records`, seed `default_seed`;
 * a body naming a `profile` takes that profile's records, seed and as_of instead.
 * A field left out takes its default; a field sent as null is refused.
 * Any problem is a 400 whose message names the field.
 */
export function resolveGenerateRequest(engine: Engine, body: unknown): ResolvedGenerateRequest {
  const request = checkBody(engine, body);
  const randomize = request.randomize === true || (typeof request.seed === 'string' && request.seed.trim().toLowerCase() === 'random');
  const seedGiven = request.seed !== undefined && !randomize;
  const recordsGiven = request.records !== undefined;
  const records = recordsGiven ? asRequestError(() => parseRecords(request.records)) : request.profile === undefined ? engine.config.api.default_records : undefined;
  const seed = seedGiven ? asRequestError(() => parseSeed(request.seed)) : request.profile === undefined && !randomize ? engine.config.default_seed : undefined;
  const asOf = request.as_of === undefined ? undefined : asRequestError(() => parseAsOf(request.as_of));
  const lob = request.lob;
  const where = request.where;
  // A bad term is the request's fault: a 400 with the term's sentence (ESDH_ERR_WHERE_INVALID / _IMPOSSIBLE are 400s already).
  const plan = engine.plan({ profile: request.profile, records, seed, randomize: randomize || undefined, asOf, ...(lob === undefined ? {} : { lob }), ...(where === undefined ? {} : { where }) });
  return {
    options: { ...(request.profile === undefined ? {} : { profile: plan.profile }), records: plan.records, seed: plan.seed, asOf: plan.asOf, ...(lob === undefined ? {} : { lob }), ...(where === undefined ? {} : { where }) },
    plan,
  };
}

/** The body is an object whose fields have the right types; the first problem otherwise. */
function checkBody(engine: Engine, body: unknown): GenerateRequest {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `The request body must be a JSON object such as {"records": 10, "seed": 42}, not ${kindOf(body)}`);
  }
  for (const field of NOT_NULL_FIELDS) {
    if ((body as Record<string, unknown>)[field] === null) {
      throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid ${field} null: leave ${field} out for the default, or send ${field === 'records' ? 'a whole number of at least 1 (e.g. 30)' : 'a whole number (e.g. 42) or "random"'}`);
    }
  }
  const violation = engine.schemas.check(GENERATE_REQUEST_SCHEMA, body);
  if (!violation) return body as GenerateRequest;
  const field = violation.path.split('/')[1];
  const value = (body as Record<string, unknown>)[field ?? ''];
  // The run-option parsers give the most helpful sentence for the fields they know.
  if (field === 'records') asRequestError(() => parseRecords(value));
  if (field === 'seed' && typeof value !== 'string') asRequestError(() => parseSeed(value, 'seed'));
  if (field === 'seed') throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid seed ${JSON.stringify(value)}: expected a whole number, its decimal string, or "random"`);
  if (field === 'as_of') asRequestError(() => parseAsOf(value));
  if (field === 'where') throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid where ${JSON.stringify(value)}: expected a string of comma-separated terms such as "state=AZ,claims>=1", or an array of such strings (at most 64, each at most 4096 characters)`);
  if (field === 'lob') throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid lob ${JSON.stringify(value)}: expected "Personal" or "Commercial"`);
  if (violation.message.startsWith('must NOT have additional properties')) {
    const extra = violation.message.match(/'([^']*)'$/)?.[1] ?? '?';
    throw esdhError('ESDH_ERR_REQUEST_INVALID', `Unknown field '${extra}' in the request body; fields: ${FIELDS.join(', ')}`);
  }
  throw esdhError('ESDH_ERR_REQUEST_INVALID', `Invalid ${field ?? 'body'}: ${violation.message}`);
}

/** Run a run-option parser; its error becomes a request error with the same sentence. */
function asRequestError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EsdhError) throw esdhError('ESDH_ERR_REQUEST_INVALID', error.message);
    throw error;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
