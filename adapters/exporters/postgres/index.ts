import type { Target } from '../../../engine/kit.js';
import { postgresTarget } from './postgres-target.js';

/** The load targets every engine starts with. */
export const builtinTargets: readonly Target[] = [postgresTarget];
export { postgresTarget };
export { DEFAULT_SCHEMA, SCHEMA_NAME, checkSchemaName } from './schema-name.js';
export { LOAD_APPLICATION } from './load-snapshot.js';
export { VERIFY_APPLICATION } from './readback.js';
export { checkTablesFree, promoteStaged, type PromoteOptions, type PromoteResult } from './promote-staged.js';
