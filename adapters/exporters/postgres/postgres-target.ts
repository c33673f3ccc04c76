/**
 * The PostgreSQL target (`postgres://` and `postgresql://` URLs): `esdh load`,
 * `esdh run --to` and `esdh verify --db`. Loads stream with COPY inside one
 * transaction (load-snapshot.ts); read-back is read-only (readback.ts).
 */
import type { Target } from '../../../engine/kit.js';
import { connect } from './connect.js';
import { LOAD_APPLICATION, loadSnapshot } from './load-snapshot.js';
import { openReadback } from './readback.js';
import { checkSchemaName } from './schema-name.js';

export const postgresTarget: Target = {
  name: 'postgres',
  description: 'PostgreSQL: a table per entity in one schema, loaded with COPY in one transaction',
  schemes: ['postgres', 'postgresql'],
  check: (location) => void checkSchemaName(location.namespace),
  async probe(location) {
    await (await connect(location.url, LOAD_APPLICATION)).end();
  },
  load: loadSnapshot,
  open: openReadback,
};
