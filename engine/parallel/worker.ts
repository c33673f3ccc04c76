/**
 * A generation worker of `esdh run --workers N`: builds an engine equivalent
 * to the main thread's from the same options (config path, overrides, schema
 * and data folders; config-listed plugins load the same way), then turns
 * batch requests [first, last) into encoded bytes per exporter, which it
 * transfers (no copy) to the main thread. The main thread writes in unit order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { composeEngine } from '../compose/compose-engine.js';
import { esdhError } from '../contracts/errors.js';
import type { BatchEncoder, ExportEntity } from '../contracts/exporter.js';
import { fileSuffixOf } from '../contracts/manifest.js';
import { returnBytes } from '../lib/byte-pool.js';
import { postError } from './thread-error.js';
import { BatchMaker } from './batch-maker.js';
import { exportEntities } from '../generate/export-entities.js';
import { engineFingerprint } from './fingerprint.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const port = parentPort!;
const init = workerData as WorkerInit;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Report an error to the main thread: a coded one with its code, details and cause, so the main thread rethrows the same error. */
function fail(error: unknown): void {
  postError(port, error);
}

try {
  const engine = await composeEngine(init.engine);
  const fingerprint = engineFingerprint(engine, init.plan.entities);
  if (fingerprint !== init.fingerprint) {
    throw esdhError('ESDH_ERR_WORKER_FAILED', init.thread ?? '?', 'it built a different engine (plugins, versions, schemas or config differ from the main thread): plugins passed as objects cannot reach worker threads; list them in the config `plugins` instead');
  }
  const plugins = engine.registry.order(init.plan.entities);
  const generator = engine.generator(init.plan);
  const entities: ExportEntity[] = exportEntities(plugins, engine.schemas);
  const target = { dir: '', fileSuffix: fileSuffixOf(engine.config.dataset_version), entities, validated: engine.config.validate };
  const encoders: (BatchEncoder | null)[] = init.encode.map((name) => (name === null ? null : engine.exporter(name).encoder!(target)));

  const maker = new BatchMaker(generator, plugins, encoders);

  port.on('message', (message: ToWorker) => {
    try {
      // Buffers of earlier batches, written by the main thread: reuse them.
      for (const buffer of message.returned) returnBytes(buffer);
      const batch = maker.make(message.first, message.last);
      // Each non-empty chunk owns its ArrayBuffer (ByteBuilder.take): transfer it, no copy.
      const transfer: ArrayBuffer[] = [];
      const encoded = (batch.encoded ?? []).map((streams) => {
        if (!streams) return null;
        for (const chunk of streams) if (chunk.byteLength > 0) transfer.push(chunk.buffer as ArrayBuffer);
        return streams;
      });
      send({ type: 'batch', id: message.id, units: batch.units, counts: batch.counts, encoded, ...(init.sendRecords ? { records: batch.records } : {}) }, transfer);
    } catch (error) {
      fail(error);
    }
  });
  send({ type: 'ready' });
} catch (error) {
  fail(error);
}
