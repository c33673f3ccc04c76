/**
 * dataset_v0_1.json of a whole run from its shards' bundles: each shard's
 * list of an entity is the `\n<record>,\n<record>...` between `[` and `\n]`;
 * the merged list is the non-empty ones joined with `,`, behind the metadata
 * of the whole run.
 */
import { esdhError, type DatasetMetadata, type MergeInput, type MergeOutput } from '../../../engine/kit.js';
import { DATASET_TAIL, datasetHead, listHead, listTail } from './dataset-layout.js';

/** Byte range [start, end) of one list's body in a bundle. */
interface ListRange {
  readonly start: number;
  readonly end: number;
}

/** Write the merged bundle of `inputs` (one per shard, in unit order) for the lists `plurals`. */
export async function mergeDataset(inputs: readonly MergeInput[], plurals: readonly string[], metadata: DatasetMetadata, out: MergeOutput): Promise<void> {
  const layouts: ListRange[][] = [];
  for (const input of inputs) layouts.push(await datasetLists(input, plurals));
  await out.write(datasetHead(metadata));
  for (let e = 0; e < plurals.length; e++) {
    await out.write(listHead(plurals[e]!));
    let lists = 0;
    for (let s = 0; s < inputs.length; s++) {
      const { start, end } = layouts[s]![e]!;
      if (end <= start) continue;
      if (lists > 0) await out.write(',');
      for await (const chunk of inputs[s]!.range(start, end)) await out.write(chunk);
      lists++;
    }
    await out.write(listTail(lists));
  }
  await out.write(DATASET_TAIL);
}

/** Byte ranges of each list's body in one bundle, found in one checked pass over its bytes. */
async function datasetLists(input: MergeInput, plurals: readonly string[]): Promise<ListRange[]> {
  // Records are single-line JSON, so a line that starts with `"` opens a list
  // (or is the metadata) and one that starts with `]` closes it.
  const lists: ListRange[] = [];
  let carry = '';
  let lineStart = 0;
  let offset = 0;
  let open: number | null = null;
  const bad = (why: string) => esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} is not laid out as esdh writes it (${why})`);
  const onLine = (head: string, start: number, end: number) => {
    // `head` is the first bytes of the line; [start, end) the line without its \n.
    if (head.startsWith('"')) {
      const match = /^"([a-z0-9_]+)": \[(\])?,?/.exec(head);
      if (!match) {
        if (head.startsWith('"metadata": ')) return;
        throw bad(`unexpected line at byte ${start}`);
      }
      if (open !== null) throw bad(`list ${match[1]} opens inside another`);
      if (match[1] !== plurals[lists.length]) throw bad(`list ${match[1]} where ${plurals[lists.length]} was expected`);
      if (match[2]) lists.push({ start: end, end });
      else open = end;
    } else if (head.startsWith(']')) {
      if (open === null) throw bad(`a list closes at byte ${start} that was not open`);
      lists.push({ start: open, end: start - 1 });
      open = null;
    }
  };
  for await (const bytes of input.bytes()) {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf(10, at);
      if (nl === -1) {
        if (carry.length < 64) carry += chunk.toString('latin1', at, Math.min(chunk.length, at + 64 - carry.length));
        break;
      }
      const head = carry.length > 0 ? (carry + chunk.toString('latin1', at, Math.min(nl, at + 64))).slice(0, 64) : chunk.toString('latin1', at, Math.min(nl, at + 64));
      onLine(head, lineStart, offset + nl);
      carry = '';
      at = nl + 1;
      lineStart = offset + at;
    }
    offset += chunk.length;
  }
  if (open !== null || lists.length !== plurals.length) throw bad(`${lists.length} of ${plurals.length} lists found`);
  return lists;
}
