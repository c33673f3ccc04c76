import type { EntityPlugin } from '../engine/kit.js';
import { claimPlugin } from './claim/index.js';
import { personPlugin } from './person/index.js';
import { policyPlugin } from './policy/index.js';
import { profilePlugin } from './profile/index.js';
import { vehiclePlugin } from './vehicle/index.js';

/** The built-in entities, in registration order (dependencies first). */
export const builtinPlugins: readonly EntityPlugin[] = [personPlugin, vehiclePlugin, profilePlugin, policyPlugin, claimPlugin];
export { claimPlugin, personPlugin, policyPlugin, profilePlugin, vehiclePlugin };
