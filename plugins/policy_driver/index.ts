import { defineEntityPlugin } from '../../engine/kit.js';

/** PLACEHOLDER (being built). */
export const policyDriverPlugin = defineEntityPlugin({
  name: 'policy_driver',
  plural: 'policy_drivers',
  version: '1.0.0',
  schemaId: 'policy_driver',
  dependencies: ['policy', 'person'],
  generate() {
    throw new Error('the policy_driver plugin is not built yet');
  },
});
