/** Streaming one entity's records into its table with COPY ... FROM STDIN, with backpressure. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { EntityRecord, ExportEntity } from '../../../engine/kit.js';
import { quoteIdent } from '../sql/index.js';
import { copyStreams } from './connect.js';
import { CopyLineEncoder } from './copy-text.js';

/** Characters of COPY text handed to the socket at once. */
const CHUNK_CHARS = 1 << 16;

/**
 * COPY the records into `table` (already quoted and qualified), columns in
 * schema field order. `onRows(n)` is told the rows sent so far; resolves
 * with the rows sent once the server has taken them all.
 */
export async function copyRows(client: pg.Client, table: string, entity: ExportEntity, records: AsyncIterable<EntityRecord>, onRows: (sent: number) => void, signal?: AbortSignal): Promise<number> {
  const encoder = new CopyLineEncoder(entity);
  let sent = 0;
  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    for await (const record of records) {
      chunk += encoder.line(record);
      sent++;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        onRows(sent);
      }
    }
    if (chunk.length > 0) yield chunk;
    onRows(sent);
  }
  const { from: copyFrom } = await copyStreams();
  const copy = client.query(copyFrom(`COPY ${table} (${entity.fields.map(quoteIdent).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), copy, ...(signal ? [{ signal }] : []));
  return sent;
}
