import type { EntityPlugin } from '../engine/kit.js';
import { accountPlugin } from './account/index.js';
import { claimPlugin } from './claim/index.js';
import { claimExposurePlugin } from './claim_exposure/index.js';
import { claimTransactionPlugin } from './claim_transaction/index.js';
import { coveragePlugin } from './coverage/index.js';
import { personPlugin } from './person/index.js';
import { policyPlugin } from './policy/index.js';
import { policyDriverPlugin } from './policy_driver/index.js';
import { policyVehiclePlugin } from './policy_vehicle/index.js';
import { profilePlugin } from './profile/index.js';
import { vehiclePlugin } from './vehicle/index.js';

/** The built-in entities, in registration order (dependencies first). */
export const builtinPlugins: readonly EntityPlugin[] = [
  accountPlugin,
  personPlugin,
  vehiclePlugin,
  profilePlugin,
  policyPlugin,
  policyDriverPlugin,
  policyVehiclePlugin,
  coveragePlugin,
  claimPlugin,
  claimExposurePlugin,
  claimTransactionPlugin,
];
export { accountPlugin, claimExposurePlugin, claimPlugin, claimTransactionPlugin, coveragePlugin, personPlugin, policyDriverPlugin, policyPlugin, policyVehiclePlugin, profilePlugin, vehiclePlugin };
