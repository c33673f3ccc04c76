/**
 * `copies.agree`: every copy of an entity (each file that holds its records)
 * after the first, fully checked one must be that copy record by record.
 * While verify reads the files, each copy's records go into a running digest
 * of their canonical texts (canonical-record.ts); here the digests and counts
 * are compared, and only when they differ are the two copies read again side
 * by side to name the first differing record and field. Memory stays flat:
 * a copy costs a digest, never its records.
 */
import type { ReadRecord, SnapshotContext } from '../contracts/exporter.js';
import type { OwnedArtifact } from './artifact-exporters.js';
import { firstDifference, type RecordSequence } from './canonical-record.js';
import type { RuleBook } from './rule-book.js';

/** A data file verify reads, with the registered entities it holds. */
export interface Source extends OwnedArtifact {
  readonly holds: readonly string[];
  readonly path: string;
  readonly bytes: number;
}

/** One copy of one entity's records (a file that holds it): how many, and the digest of their sequence. */
export interface Copy {
  readonly source: Source;
  readonly sequence: RecordSequence;
  digest?: string;
  /** The file did not parse to the end. */
  broken?: boolean;
}

const COPIES = 'copies.agree';
const COPIES_WHAT = "every copy of an entity's records (each file that holds them) equals the fully checked copy, record by record";

/** Each copy after the first against the first: same count and digest, or the first record and field where they part. */
export async function compareCopies(name: string, list: readonly Copy[], ctx: SnapshotContext, dir: string, book: RuleBook): Promise<void> {
  const [first, ...others] = list;
  if (!first) return;
  const entity = ctx.entities.find((e) => e.name === name)!;
  for (const copy of others) {
    const file = copy.source.artifact.file;
    if (first.broken || copy.broken) {
      book.record(COPIES, COPIES_WHAT, `its ${entity.plural} were not compared with ${first.source.artifact.file}: ${first.broken ? 'that file' : 'this file'} does not parse`, file);
      continue;
    }
    if (copy.digest === first.digest && copy.sequence.count === first.sequence.count) {
      book.record(COPIES, COPIES_WHAT, null, file);
      continue;
    }
    const { where, problem } = await locateDifference(first.source, copy.source, name, entity.fields, entity.plural, ctx, dir);
    book.record(COPIES, COPIES_WHAT, problem, where);
  }
}

/** Read two copies of an entity side by side (only when their digests differ) to name the first record and field that differ. */
async function locateDifference(base: Source, other: Source, name: string, fields: readonly string[], plural: string, ctx: SnapshotContext, dir: string): Promise<{ where: string; problem: string }> {
  const a = recordsOf(base, name, ctx, dir);
  const b = recordsOf(other, name, ctx, dir);
  try {
    for (let index = 1; ; index++) {
      const [x, y] = [await a.next(), await b.next()];
      if (x.done && y.done) return { where: other.artifact.file, problem: `its ${plural} differ from ${base.artifact.file}'s, but no record does on a second reading: was the file changed while verify ran?` };
      if (x.done || y.done) {
        const count = (more: IteratorResult<ReadRecord>, it: AsyncGenerator<ReadRecord>) => countRest(more, it, index);
        const [nx, ny] = [await count(x, a), await count(y, b)];
        return { where: other.artifact.file, problem: `it holds ${ny} ${plural}, ${base.artifact.file} holds ${nx}: records ${Math.min(nx, ny) + 1} onwards are in one copy only` };
      }
      const diff = firstDifference(y.value.record, x.value.record, fields);
      if (diff) {
        return {
          where: `${other.artifact.file}:${y.value.line}`,
          problem: `${plural} record ${index} differs from ${base.artifact.file}:${x.value.line} in ${diff.field}: ${diff.a} here, ${diff.b} there`,
        };
      }
    }
  } finally {
    await a.return(undefined);
    await b.return(undefined);
  }
}

async function* recordsOf(source: Source, name: string, ctx: SnapshotContext, dir: string): AsyncGenerator<ReadRecord> {
  for await (const item of source.exporter.read!({ artifact: source.artifact, dir, path: source.path }, ctx)) if (item.kind === 'record' && item.entity === name) yield item;
}

/** Records read so far (`index - 1` before `more`) plus `more` and all after it. */
async function countRest(more: IteratorResult<ReadRecord>, it: AsyncGenerator<ReadRecord>, index: number): Promise<number> {
  let n = index - 1;
  if (more.done) return n;
  n++;
  while (!(await it.next()).done) n++;
  return n;
}
