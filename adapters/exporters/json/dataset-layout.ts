/**
 * The byte layout of dataset_v0_1.json, shared by writing and merging:
 *
 *   {\n"metadata": {...}            datasetHead
 *   ,\n"persons": [                 listHead, then the list's records,
 *   \n<record>,\n<record>           each on its own line
 *   \n]                             listTail (`]` right after `[` when empty)
 *   ...one list per entity...
 *   \n}\n                           DATASET_TAIL
 */
import type { DatasetMetadata } from '../../../engine/kit.js';

/** The bundle up to the first list: `{\n"metadata": {...}`. */
export function datasetHead(metadata: DatasetMetadata): string {
  return `{\n"metadata": ${JSON.stringify(metadata)}`;
}

/** What opens an entity's list: `,\n"persons": [`. */
export function listHead(plural: string): string {
  return `,\n${JSON.stringify(plural)}: [`;
}

/** What closes a list of `records` records. */
export function listTail(records: number): string {
  return records > 0 ? '\n]' : ']';
}

/** The bundle's last bytes. */
export const DATASET_TAIL = '\n}\n';

/** metadata_v0_1.json. */
export function metadataFileText(metadata: DatasetMetadata): string {
  return JSON.stringify(metadata, null, 2) + '\n';
}

/** Part file of an entity's list inside the snapshot folder while it is written. */
export function datasetPartFile(plural: string): string {
  return `.${plural}.json.part`;
}
