import type { Command } from '../command.js';

/** Commands load lazily so `esdh run` does not pay for the HTTP server's imports. */
export const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  run: { summary: 'generate a snapshot for a profile into data/demo_runs/', load: async () => (await import('./run.js')).runCommand },
  snapshot: { summary: 'write the governed snapshot to data/snapshots/<version>/', load: async () => (await import('./snapshot.js')).snapshotCommand },
  verify: { summary: 'check a snapshot: checksums, schemas, marker, references, domain rules', load: async () => (await import('./verify.js')).verifyCommand },
  profiles: { summary: 'show profiles, API defaults and entity fields', load: async () => (await import('./profiles.js')).profilesCommand },
  plugins: { summary: 'list the registered entity plugins', load: async () => (await import('./plugins.js')).pluginsCommand },
  clean: { summary: 'remove demo runs and leftover demo server files', load: async () => (await import('./clean.js')).cleanCommand },
  codegen: { summary: 'generate TypeScript types from JSON Schemas', load: async () => (await import('./codegen.js')).codegenCommand },
};
