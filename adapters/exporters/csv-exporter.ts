import { once } from 'node:events';
import { join } from 'node:path';
import { format, type CsvFormatterStream } from 'fast-csv';
import { dataFileName, type Artifact, type ExportEntity, type Exporter, type ExportSink, type ExportTarget, type RecordBatch } from '../../engine/exporter.js';
import { FileSink } from '../../engine/file-sink.js';
import type { EntityRecord } from '../../engine/plugin.js';

type Row = string[];

/** One CSV cell: null → empty, objects/arrays → JSON text, the rest as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface CsvFile {
  readonly entity: ExportEntity;
  readonly file: string;
  readonly sink: FileSink;
  readonly csv: CsvFormatterStream<Row, Row>;
  readonly piped: Promise<unknown>;
  records: number;
}

/** `<plural>_v0_1.csv` per entity, columns in schema order (the v0.1 contract), via fast-csv. */
export const csvExporter: Exporter = {
  name: 'csv',
  description: 'One CSV file per entity (persons_v0_1.csv, ...), header row, v0.1 column order',
  async open(target: ExportTarget): Promise<ExportSink> {
    const files = target.entities.map((entity): CsvFile => {
      const file = dataFileName(entity.plural, target, 'csv');
      const sink = new FileSink(join(target.dir, file));
      const csv = format<Row, Row>({ headers: [...entity.fields], writeHeaders: true, includeEndRowDelimiter: true });
      const out = sink.asWritable();
      csv.pipe(out);
      return { entity, file, sink, csv, piped: once(out, 'finish'), records: 0 };
    });
    return {
      async write(batch: RecordBatch) {
        for (const f of files) {
          const records = batch[f.entity.name];
          if (!records) continue;
          let full = false;
          for (const record of records) full = !f.csv.write(toRow(record, f.entity.fields)) || full;
          f.records += records.length;
          if (full) await once(f.csv, 'drain');
        }
      },
      async close(): Promise<Artifact[]> {
        const artifacts: Artifact[] = [];
        for (const f of files) {
          f.csv.end();
          await f.piped;
          const digest = await f.sink.end();
          artifacts.push({ file: f.file, role: `${f.entity.plural}_csv`, format: 'csv', entity: f.entity.name, records: f.records, ...digest });
        }
        return artifacts;
      },
      async abort() {
        for (const f of files) {
          f.csv.destroy();
          await f.sink.destroy();
        }
      },
    };
  },
};

function toRow(record: EntityRecord, fields: readonly string[]): Row {
  const row: Row = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) row[i] = csvCell(record[fields[i]!]);
  return row;
}
