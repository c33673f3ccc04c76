import type { Command } from '../command.js';

/** Commands load lazily so `esdh run` does not pay for the HTTP server's imports. */
export const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  run: { summary: 'generate a snapshot for a profile into data/demo_runs/', load: async () => (await import('./run.js')).runCommand },
  snapshot: { summary: 'write the governed snapshot to data/snapshots/<version>/', load: async () => (await import('./snapshot.js')).snapshotCommand },
  verify: { summary: 'check a snapshot: manifest, checksums, every copy, schemas, marker, references, domain rules, signature', load: async () => (await import('./verify.js')).verifyCommand },
  stats: { summary: "show a snapshot's distributions: top values, numbers, ages, per entity", load: async () => (await import('./stats.js')).statsCommand },
  report: { summary: "write a snapshot's explore view (verify, stats charts) as one offline HTML file", load: async () => (await import('./report.js')).reportCommand },
  profiles: { summary: 'show profiles, API defaults and entity fields', load: async () => (await import('./profiles.js')).profilesCommand },
  targets: { summary: 'list what --where may name in a profile\'s runs: targetable fields and counts, with types', load: async () => (await import('./targets.js')).targetsCommand },
  plugins: { summary: 'list the registered entity plugins', load: async () => (await import('./plugins.js')).pluginsCommand },
  clean: { summary: 'remove demo runs, leftover demo server files and temp folders of stopped runs', load: async () => (await import('./clean.js')).cleanCommand },
  codegen: { summary: 'generate TypeScript types from JSON Schemas', load: async () => (await import('./codegen.js')).codegenCommand },
  merge: { summary: 'join the shards of a run (esdh run --shard k/N) into one snapshot', load: async () => (await import('./merge.js')).mergeCommand },
  load: { summary: 'load a snapshot into PostgreSQL (--to postgres://...): verified, one transaction, all or nothing', load: async () => (await import('./load.js')).loadCommand },
  ddl: { summary: 'print the SQL DDL of the entities (sqlite or postgres)', load: async () => (await import('./ddl.js')).ddlCommand },
  plugin: { summary: 'scaffold a new entity plugin (esdh plugin new <name>)', load: async () => (await import('./plugin.js')).pluginCommand },
  serve: { summary: 'start the HTTP API (127.0.0.1:5000 by default)', load: async () => (await import('./serve.js')).serveCommand },
  preview: { summary: 'show metadata and the first records of each entity, in colour', load: async () => (await import('./preview.js')).previewCommand },
  demo: { summary: 'the walk-through: snapshot, API, calls, preview, smoke checks, with timings', load: async () => (await import('./demo.js')).demoCommand },
  validate: { summary: 'generate a fresh sample for a profile and verify it', load: async () => (await import('./validate.js')).validateCommand },
  keys: { summary: 'make an Ed25519 key pair to sign snapshots (esdh keys new --out <name>)', load: async () => (await import('./keys.js')).keysCommand },
  'cluster submit': { summary: 'queue a run on Redis (BullMQ) as shard jobs and a merge job, for workers on many machines', load: async () => (await import('./cluster-submit.js')).clusterSubmitCommand },
  'cluster worker': { summary: 'take cluster jobs from the queue and run them here; a killed worker\'s job is retried elsewhere', load: async () => (await import('./cluster-worker.js')).clusterWorkerCommand },
  'cluster status': { summary: 'show a queued run: each shard job\'s state, attempts and stalls, and the merge', load: async () => (await import('./cluster-status.js')).clusterStatusCommand },
  doctor: { summary: 'check Node, config, port and output folder, with a fix for each problem', load: async () => (await import('./doctor.js')).doctorCommand },
};
