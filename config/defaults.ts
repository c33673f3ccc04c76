import type { EsdhConfig } from '../engine/kit.js';

/**
 * The built-in config. A project's esdh.config.yaml (or .esdhrc, or the `esdh`
 * key of package.json) is merged over it: objects field by field, lists
 * replaced, profiles by name.
 */
export const DEFAULT_CONFIG = {
  dataset_version: 'v0.1',
  synthetic_source: 'enterprise-synthetic-data-hub v0.1',
  default_seed: 20251101,
  as_of: '2025-11-01',
  default_profile: 'baseline',
  validate: true,
  entities: ['person', 'vehicle', 'profile'],
  formats: ['csv', 'json'],
  plugins: [],
  entity_options: {},
  // The v0.1 shape: the five western states by population, 70% Personal, the v0.1 body styles.
  distributions: {
    states: ['CA', 'AZ', 'NV', 'OR', 'WA'],
    lob_mix: { Personal: 0.7, Commercial: 0.3 },
    body_styles: ['Sedan', 'SUV', 'Truck'],
  },
  output: {
    runs_dir: 'data/demo_runs',
    keep_runs: 5,
    snapshot_dir: 'data/snapshots',
    snapshot_records: 200,
    snapshot_seed: 20251101,
  },
  api: {
    host: '127.0.0.1',
    port: 5000,
    api_key: null,
    default_records: 5,
    max_records_json: 10_000,
    max_records_stream: 1_000_000,
    body_limit_bytes: 16_384,
    headers_timeout_ms: 15_000,
    request_timeout_ms: 30_000,
    keep_alive_timeout_ms: 5_000,
    idle_timeout_ms: 120_000,
    max_connections: 512,
    max_json_records_in_flight: 20_000,
    shutdown_timeout_ms: 10_000,
  },
  profiles: {
    baseline: { description: 'Small, fixed-seed dataset for demos and regression tests', records: 30, seed: 42, randomize: false },
    heavy: { description: 'Larger dataset with a fresh random seed each run', records: 200, randomize: true },
    book: {
      description: 'A book of business: households and businesses with their persons, vehicles, policies, drivers, vehicles on policies, coverages, and claims with their exposures and transactions',
      records: 1000,
      seed: 20251101,
      entities: ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'],
      // Every state by population, every body style; the lob mix of US auto policies in force (governance/DATA_PROVENANCE.md).
      distributions: {
        states: 'all',
        lob_mix: { Personal: 0.9, Commercial: 0.1 },
        body_styles: ['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van'],
      },
    },
  },
} as const satisfies EsdhConfig;
