import type { Engine, RunPlan } from '../../../engine/index.js';
import { generateResponse } from '../http/generate-response.js';

/** The payload the API would answer for this plan, made in-process. */
export function inProcessPayload(engine: Engine, endpoint: string, plan: RunPlan): Promise<Record<string, unknown>> {
  const options = { records: plan.records, seed: plan.seed, asOf: plan.asOf, profile: plan.profile, ...(plan.lob ? { lob: plan.lob } : {}), ...(plan.whereText.length > 0 ? { where: plan.whereText } : {}) };
  return generateResponse(engine, endpoint, { options, plan });
}
