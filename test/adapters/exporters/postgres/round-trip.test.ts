/**
 * Every column kind through a real server and back: text with tabs, line
 * breaks, backslashes and non-ASCII; dates; big integers; doubles; booleans;
 * JSON objects and arrays; null and absent fields; quotes in table names.
 * What COPY wrote, COPY TO reads back as the same records (typed through the
 * schema), and the columns have the types `esdh ddl --dialect postgres` says.
 */
import { expect } from 'chai';
import { postgresTarget } from '../../../../adapters/exporters/postgres/index.js';
import type { EntityRecord, ExportEntity } from '../../../../engine/index.js';
import { usePostgres } from '../../../helpers/postgres.js';

const GADGET: ExportEntity = {
  name: 'gadget',
  plural: 'gad"gets',
  fields: ['gadget_id', 'made_on', 'count', 'weight', 'active', 'tags', 'spec', 'kind', 'note'],
  schema: {
    type: 'object',
    required: ['gadget_id', 'made_on', 'count', 'weight', 'active', 'kind'],
    properties: {
      gadget_id: { type: 'string' },
      made_on: { type: 'string', format: 'date' },
      count: { type: 'integer' },
      weight: { type: 'number' },
      active: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      spec: { type: 'object' },
      kind: { type: 'string', enum: ["o'clock", 'plain'] },
      note: { type: ['string', 'null'] },
    },
  },
  dependencies: [],
  idField: 'gadget_id',
};

const RECORDS: EntityRecord[] = [
  { gadget_id: 'tab\there', made_on: '1999-01-01', count: 9007199254740991, weight: 0.1, active: true, tags: ['a', 'b\\c'], spec: { z: 1, a: [1.5, null, 'x\ny'] }, kind: "o'clock", note: null },
  { gadget_id: 'line\nbreak\r\nand \\N and \\', made_on: '2046-12-31', count: -3, weight: -1e-300, active: false, tags: [], spec: {}, kind: 'plain', note: 'Zoë 🚗 \u0007' },
  { gadget_id: '\\.', made_on: '2025-11-01', count: 0, weight: 12345.678901234567, active: true, kind: 'plain', note: '' },
];

describe('PostgreSQL: every column kind round-trips through COPY', function () {
  this.timeout(60_000);
  const pg = usePostgres();

  it('reads back the records it loaded, with the DDL\'s column types', async () => {
    const schema = pg.schema('kinds');
    const result = await postgresTarget.load(
      { dir: '(test)', entities: [GADGET], facts: { datasetVersion: 'v0.1', seed: 1, asOf: '2025-11-01', marker: 'synthetic test', counts: { 'gad"gets': RECORDS.length } }, records: async function* () { yield* RECORDS; } },
      { url: pg.url, namespace: schema },
    );
    expect(result.tables).to.deep.equal([{ entity: 'gadget', table: `"${schema}"."gad""gets"`, rows: 3 }]);
    const types = await pg.query<{ column_name: string; data_type: string; is_nullable: string }>('SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 ORDER BY ordinal_position', [schema]);
    expect(types.rows.map((r) => `${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`)).to.deep.equal([
      'gadget_id text not null', 'made_on date not null', 'count bigint not null', 'weight double precision not null', 'active boolean not null', 'tags jsonb', 'spec jsonb', 'kind text not null', 'note text',
    ]);

    const readback = await postgresTarget.open({ url: pg.url, namespace: schema });
    try {
      expect(await readback.has(GADGET)).to.equal(true);
      const back: EntityRecord[] = [];
      for await (const record of readback.records(GADGET)) back.push(record);
      // Absent optional fields come back absent, a null of a nullable field null; JSON objects may come back with their keys reordered.
      expect(back).to.deep.equal(RECORDS);
    } finally {
      await readback.close();
    }
  });
});
