import { defineEntityPlugin } from '../../engine/kit.js';

/** PLACEHOLDER (being built). */
export const policyVehiclePlugin = defineEntityPlugin({
  name: 'policy_vehicle',
  plural: 'policy_vehicles',
  version: '1.0.0',
  schemaId: 'policy_vehicle',
  dependencies: ['policy', 'vehicle'],
  generate() {
    throw new Error('the policy_vehicle plugin is not built yet');
  },
});
