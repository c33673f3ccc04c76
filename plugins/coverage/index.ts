import { defineEntityPlugin } from '../../engine/kit.js';

/** PLACEHOLDER (being built). */
export const coveragePlugin = defineEntityPlugin({
  name: 'coverage',
  plural: 'coverages',
  version: '1.0.0',
  schemaId: 'coverage',
  dependencies: ['account', 'policy', 'person', 'vehicle'],
  generate() {
    throw new Error('the coverage plugin is not built yet');
  },
});
