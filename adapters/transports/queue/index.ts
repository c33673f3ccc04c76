/** The BullMQ-on-Redis transport of esdh cluster: submit a run, run workers, read its status. */
export { DEFAULT_REDIS_TIMEOUT_MS } from './connection.js';
export { destinationText, mergeJobId, RUN_RECORD_FILE, stageSchema, type DbDestination, shardFolderName, shardJobId, shardsDir, snapshotDir, type ResolvedRequest, type RunRecord } from './cluster-run.js';
export { DEFAULT_PREFIX, DEFAULT_QUEUE, type QueueTarget } from './queue-options.js';
export { redisTarget, type RedisTarget } from './redis-url.js';
export { runStatus, type JobStatus, type RunStatus } from './status.js';
export { submitRun, type SubmitOptions, type SubmitResult } from './submit.js';
export { failureOf, waitForRun } from './wait.js';
export { startWorker, type RunningWorker, type WorkerOptions } from './worker.js';
export { VERIFY_MODES, type VerifyMode } from './check-snapshot.js';
