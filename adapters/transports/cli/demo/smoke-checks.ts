import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { type Bundle, type Engine, type EntityRecord, esdhError, type RunPlan } from '../../../../engine/index.js';
import { callApi, expectOk, type ApiTarget } from '../../http/client.js';
import type { CliIO } from '../command.js';
import { colours } from '../format.js';
import { inProcessPayload } from '../in-process-payload.js';

/** What the smoke checks compare the API against: the walk-through's plan and the snapshot it wrote. */
export interface SmokeSubject {
  readonly plan: RunPlan;
  readonly snapshotDir: string;
}

/** The request body the walk-through sent to /generate. */
export interface SmokeRequest {
  readonly records: number;
  readonly seed: number;
  readonly as_of: string;
}

/** Run every check, print ✓/✗ for each, then fail (ESDH_ERR_DEMO_STEP_FAILED) if any failed. */
export async function smokeChecks(engine: Engine, subject: SmokeSubject, target: ApiTarget, bundle: Bundle, body: SmokeRequest, io: CliIO): Promise<void> {
  const c = colours(io.stdout, io.env);
  const lists = Object.fromEntries(Object.entries(bundle).filter(([, v]) => Array.isArray(v))) as Bundle;
  const checks: Array<[string, () => Promise<string | void>]> = [
    ['the snapshot verifies (checksums, schemas, marker, references, domain rules)', async () => {
      const report = await engine.verify(subject.snapshotDir);
      if (!report.ok) throw new Error(report.rules.filter((r) => r.failed).map((r) => `${r.rule}: ${r.failed} failed`).join('; '));
      return `${report.rules.length} rules`;
    }],
    ['the API bundle equals engine.generate for the same seed', async () => {
      const local = await inProcessPayload(engine, 'bundle', { ...subject.plan, records: body.records, seed: body.seed, asOf: body.as_of });
      for (const plural of Object.keys(lists)) if (!isDeepStrictEqual(lists[plural], local[plural])) throw new Error(`${plural} differ`);
    }],
    ['the API bundle starts with the snapshot\'s first persons', async () => {
      const ids = await firstCsvColumn(join(subject.snapshotDir, `persons_${engine.config.dataset_version.replace(/\./g, '_')}.csv`), body.records);
      if (!ids) return 'skipped: the profile writes no persons CSV';
      const apiIds = (lists.persons ?? []).map((p) => p.person_id);
      if (!isDeepStrictEqual(apiIds, ids)) throw new Error(`API ${apiIds.join(',')} vs snapshot ${ids.join(',')}`);
    }],
    ['every record carries the synthetic marker', async () => {
      const unmarked = Object.values(lists).flat().filter((r) => r.synthetic_source !== engine.config.synthetic_source);
      if (unmarked.length) throw new Error(`${unmarked.length} record(s) without synthetic_source = "${engine.config.synthetic_source}"`);
    }],
    ['references resolve inside the bundle', async () => {
      const problems = referenceProblems(engine, lists);
      if (problems.length) throw new Error(problems.slice(0, 3).join('; '));
    }],
    ['NDJSON streaming gives the same records', async () => {
      const response = await callApi<string>(target, 'POST', '/generate/bundle', body, { ndjson: true });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      const streamed: Bundle = {};
      for (const line of response.text.split('\n').filter(Boolean)) {
        const { entity, record } = JSON.parse(line) as { entity: string; record: EntityRecord };
        (streamed[engine.entity(entity).plural] ??= []).push(record);
      }
      if (!isDeepStrictEqual(streamed, lists)) throw new Error('streamed records differ from the JSON response');
    }],
    ['a bad request gets 400 invalid_request, not a crash', async () => {
      const response = await callApi<{ error?: { code?: string } }>(target, 'POST', '/generate/person', { records: 0 });
      if (response.status !== 400 || response.body?.error?.code !== 'invalid_request') throw new Error(`got ${response.status} ${response.text.slice(0, 120)}`);
    }],
    ['the server is still healthy', async () => {
      expectOk(await callApi(target, 'GET', '/healthz'), `${target.url}/healthz`);
    }],
  ];
  const failed: string[] = [];
  for (const [name, check] of checks) {
    try {
      const note = await check();
      io.stdout.write(`  ${c.green('✓')} ${name}${note ? c.dim(` (${note})`) : ''}\n`);
    } catch (error) {
      failed.push(name);
      io.stdout.write(`  ${c.red('✗')} ${name}: ${(error as Error).message}\n`);
    }
  }
  if (failed.length) throw esdhError('ESDH_ERR_DEMO_STEP_FAILED', 'smoke checks', `${failed.length} of ${checks.length} failed: ${failed.join('; ')}`);
}

/** Foreign keys of the bundle's entities that point at no record of the bundle. */
function referenceProblems(engine: Engine, lists: Bundle): string[] {
  const problems: string[] = [];
  for (const plugin of engine.registry.all()) {
    const records = lists[plugin.plural];
    if (!records || !plugin.references) continue;
    for (const [field, targetRef] of Object.entries(plugin.references)) {
      const [entity, targetField] = targetRef.split('.') as [string, string];
      const targets = lists[engine.entity(entity).plural];
      if (!targets) continue;
      const known = new Set(targets.map((r) => r[targetField]));
      for (const record of records) if (record[field] !== null && record[field] !== undefined && !known.has(record[field])) problems.push(`${plugin.name}.${field} ${String(record[field])} has no ${targetRef}`);
    }
  }
  return problems;
}

/** The first column of the first `rows` data rows of a CSV (undefined when there is no such file). */
async function firstCsvColumn(path: string, rows: number): Promise<string[] | undefined> {
  if (!existsSync(path)) return undefined;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const values: string[] = [];
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    values.push(line.split(',')[0]!.replace(/^"|"$/g, ''));
    if (values.length === rows) break;
  }
  lines.close();
  return values;
}
