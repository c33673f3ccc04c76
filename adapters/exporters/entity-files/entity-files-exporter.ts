import { type Artifact, type BatchEncoder, dataFileName, esdhError, type Exporter, type ExportSink, type ExportTarget, type MergeInput, type MergeOutput, type RecordBatch } from '../../../engine/kit.js';
import { appendEncoded, countsOf, destroyFiles, openFiles } from '../file-set.js';
import { encodeBatch, perEntityEncoder } from '../text-codec.js';
import type { EntityFileEncoding } from './encoding.js';

/**
 * One file per entity (`persons_v0_1.<extension>`, ...) in a line-based text
 * encoding: an optional header line, then one line per record, every line
 * ending in `\n`. Written in any thread (its encoder), read back, merged from
 * shards and described in the README the same way for every encoding; the
 * encoding says only how a record becomes a line and back.
 */
export function entityFilesExporter(encoding: EntityFileEncoding): Exporter {
  const encoder = (target: Omit<ExportTarget, 'dir'>): BatchEncoder =>
    perEntityEncoder(target.entities, (entity) => {
      const line = encoding.line(entity, target);
      return (out, record) => {
        out.text(line(record));
        out.byte(10);
      };
    });
  return {
    name: encoding.format,
    description: encoding.description,
    readFidelity: encoding.readFidelity,
    encoder,
    expectedArtifacts: (target) => target.entities.map((e) => ({ file: dataFileName(e.plural, target, encoding.extension), role: `${e.plural}_${encoding.format}`, entity: e.name })),
    async open(target: ExportTarget): Promise<ExportSink> {
      const batchEncoder = encoder(target);
      const files = openFiles(target.dir, target.entities.map((e) => ({ file: dataFileName(e.plural, target, encoding.extension), entity: e.name })));
      // The header is written even when no record follows, so every file (and every shard's) starts with it.
      if (encoding.header) for (let i = 0; i < files.length; i++) await files[i]!.sink.write(encoding.header(target.entities[i]!) + '\n');
      return {
        write: async (batch: RecordBatch) => appendEncoded(files, encodeBatch(batchEncoder, batch), countsOf(batch)),
        writeEncoded: (encoded, counts) => appendEncoded(files, encoded, counts),
        async close(): Promise<Artifact[]> {
          const artifacts: Artifact[] = [];
          for (let i = 0; i < files.length; i++) {
            const f = files[i]!;
            const digest = await f.sink.end();
            artifacts.push({ file: f.file, role: `${target.entities[i]!.plural}_${encoding.format}`, format: encoding.format, entity: f.entity, records: f.records, ...digest });
          }
          return artifacts;
        },
        abort: () => destroyFiles(files),
      };
    },
    read(file, ctx) {
      const entity = ctx.entities.find((e) => e.name === file.artifact.entity);
      if (!entity) throw new Error(`${file.artifact.file} holds entity '${file.artifact.entity}', which the manifest does not list`);
      return encoding.read(file.path, entity);
    },
    // Each shard's copy in turn is all a merge needs: it can run while later shards are made.
    mergeStream: (inputs, out) => (encoding.header ? mergeWithHeader(inputs, out) : concatenate(inputs, out)),
    describe: (artifact) => `${artifact.records} ${artifact.entity} records; ${encoding.readmeNote}`,
  };
}

/** The shards' files one after the other. */
async function concatenate(inputs: AsyncIterable<MergeInput>, out: MergeOutput): Promise<void> {
  for await (const input of inputs) for await (const chunk of input.bytes()) await out.write(chunk);
}

/** The first shard's file whole, then every other shard's lines without its header line (which must be the first's). */
async function mergeWithHeader(inputs: AsyncIterable<MergeInput>, out: MergeOutput): Promise<void> {
  let header: Buffer | undefined;
  for await (const input of inputs) {
    // Bytes before the first line end, until it is found; then null.
    let pending: Buffer | null = Buffer.alloc(0);
    for await (const chunk of input.bytes()) {
      if (pending === null) {
        await out.write(chunk);
        continue;
      }
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf(10);
      if (end === -1) continue;
      const line = pending.subarray(0, end + 1);
      if (!header) {
        header = Buffer.from(line);
        await out.write(line);
      } else if (!line.equals(header)) throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} has another header than the first shard's`);
      const rest = pending.subarray(end + 1);
      pending = null;
      if (rest.length > 0) await out.write(rest);
    }
    if (pending !== null) throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} has no header line`);
  }
}
