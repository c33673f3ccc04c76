import type { BatchEncoder, EncodedBatch } from '../contracts/exporter.js';
import type { EntityPlugin, EntityRecord } from '../contracts/entity-plugin.js';
import type { ProducedBatch } from '../snapshot/write-snapshot.js';
import type { UnitGenerator } from '../generate/unit-generator.js';

/**
 * Makes batches of units, in this thread or in a worker: each unit's records
 * go straight into the encoders (so they die young: the garbage collector
 * copies little), and are kept only when some exporter takes records.
 */
export class BatchMaker {
  private readonly names: string[];

  constructor(
    private readonly generator: UnitGenerator,
    plugins: readonly EntityPlugin[],
    /** Per exporter: its encoder, or null when it takes records. */
    private readonly encoders: readonly (BatchEncoder | null)[],
  ) {
    this.names = plugins.map((p) => p.name);
  }

  /** Whether batches carry the records (some exporter has no encoder). */
  get keepsRecords(): boolean {
    return this.encoders.includes(null) || this.encoders.length === 0;
  }

  /** Units [first, last) as one batch. */
  make(first: number, last: number): ProducedBatch {
    const { names, encoders, generator } = this;
    const keep = this.keepsRecords;
    const counts: Record<string, number> = {};
    const records: Record<string, EntityRecord[]> | undefined = keep ? {} : undefined;
    for (const name of names) {
      counts[name] = 0;
      if (records) records[name] = [];
    }
    for (let unit = first; unit < last; unit++) {
      const made = generator.generateUnit(unit);
      for (let e = 0; e < encoders.length; e++) encoders[e]?.add(made);
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const list = made[name]!;
        counts[name]! += list.length;
        if (records) {
          const into = records[name]!;
          for (let r = 0; r < list.length; r++) into.push(list[r]!);
        }
      }
    }
    const encoded: (EncodedBatch | undefined)[] = encoders.map((e) => (e ? e.take() : undefined));
    return { units: last - first, counts, records, encoded };
  }
}
