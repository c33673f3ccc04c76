/**
 * One Parquet file written as rows arrive: cells are gathered column by
 * column until a row group is full (ROW_GROUP_ROWS), then hyparquet-writer's
 * ParquetWriter encodes that group and its bytes go out at once (to a
 * FileSink in a run, to the merge output in a merge). Only one row group's
 * cells and the footer's row-group list are ever held, so memory does not
 * grow with the run. `finish` writes the footer (schema, row groups,
 * key-value metadata).
 */
import type { KeyValue, SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { CODEC, CREATED_BY, ROW_GROUP_ROWS } from './parquet-layout.js';

/** Where encoded bytes go; a promise means "wait before sending more". */
export type ByteSink = (chunk: Uint8Array) => Promise<void> | undefined;

/** hyparquet-writer's ByteWriter whose `flush` (after each row group, and at the end) hands the bytes so far to a sink and starts over. */
class FlushingWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 16);
  }

  flush(): Promise<void> | undefined {
    if (this.index === 0) return undefined;
    // A copy: the buffer is reused for the next row group while the sink may still hold the chunk.
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink(chunk);
  }

  override finish(): void {
    // ParquetWriter.finish calls this after the footer; the caller awaits `flush` itself.
  }
}

export class ParquetFileWriter {
  private readonly bytes: FlushingWriter;
  private readonly parquet: ParquetWriter;
  private readonly names: readonly string[];
  private readonly columns: unknown[][];
  private pending = 0;
  /** Rows written so far (the file's records). */
  rows = 0;

  /** `schema`: the root element, then one element per column (see parquet-columns.ts). */
  constructor(schema: SchemaElement[], sink: ByteSink) {
    this.bytes = new FlushingWriter(sink);
    this.parquet = new ParquetWriter({ writer: this.bytes, schema, codec: CODEC, createdBy: CREATED_BY });
    this.names = schema.slice(1).map((e) => e.name);
    this.columns = this.names.map(() => []);
  }

  /** The columns' cell arrays of the row group being gathered (the same arrays for the life of the writer): push one cell to each, then call `rowAdded`. */
  get cells(): readonly unknown[][] {
    return this.columns;
  }

  /** One row's cells were pushed; encodes the row group when it is full (the promise: the sink is behind). */
  rowAdded(): Promise<void> | undefined {
    this.rows++;
    if (++this.pending < ROW_GROUP_ROWS) return undefined;
    return this.writeGroup();
  }

  /** Write the rows gathered so far (if any), the footer with `metadata`, and hand out the last bytes. */
  async finish(metadata: KeyValue[]): Promise<void> {
    if (this.pending > 0) await this.writeGroup();
    this.parquet.kvMetadata = metadata;
    await this.parquet.finish();
    await this.bytes.flush();
  }

  private writeGroup(): Promise<void> | undefined {
    const columnData = this.names.map((name, i) => ({ name, data: this.columns[i]! }));
    // One group per call: ParquetWriter copies and encodes the cells before it returns, so the arrays can be emptied for the next group.
    const written = this.parquet.write({ columnData, rowGroupSize: this.pending });
    for (const cells of this.columns) cells.length = 0;
    this.pending = 0;
    return written instanceof Promise ? written : undefined;
  }
}
