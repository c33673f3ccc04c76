import { defineEntityPlugin } from '../../engine/kit.js';

/** PLACEHOLDER (being built): the root of a book-of-business unit. */
export const accountPlugin = defineEntityPlugin({
  name: 'account',
  plural: 'accounts',
  version: '1.0.0',
  schemaId: 'account',
  dependencies: [],
  description: 'A Personal household at one address or a Commercial business with its fleet: the root of a book-of-business unit',
  idField: 'account_id',
  generate() {
    throw new Error('the account plugin is not built yet');
  },
});
