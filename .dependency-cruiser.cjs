/**
 * The dependency rules of docs/architecture.md, checked by `npm test`
 * (`npm run lint:deps`). Paths are relative to the repository root.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included: every layer can be read (and tested) from the bottom up.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-compose-imports-the-edges',
      severity: 'error',
      comment: 'engine/compose is the one composition root: no other engine file imports plugins/, adapters/ or config/.',
      from: { path: '^engine/', pathNot: '^engine/compose/' },
      to: { path: '^(plugins|adapters|config)/' },
    },
    {
      name: 'authors-use-the-kit',
      severity: 'error',
      comment: 'Plugins, exporters and the config loader import the engine only through engine/kit.ts, as a third-party author would.',
      from: { path: '^(plugins|adapters/exporters|config)/' },
      to: { path: '^engine/', pathNot: '^engine/kit\\.ts$' },
    },
    {
      name: 'transports-use-the-public-entries',
      severity: 'error',
      comment: 'The CLI and HTTP transports import the engine only through engine/index.ts (or engine/kit.ts).',
      from: { path: '^adapters/transports/' },
      to: { path: '^engine/', pathNot: '^engine/(index|kit)\\.ts$' },
    },
    {
      name: 'nothing-below-the-facade-imports-it',
      severity: 'error',
      comment: 'The layers under engine.ts take EngineParts (contracts/engine-parts.ts), never the facade or the public entry.',
      from: { path: '^engine/(contracts|lib|schema|generate|snapshot|parallel)/' },
      to: { path: '^engine/(engine|index|kit)\\.ts$' },
    },
    {
      name: 'the-kit-composes-nothing',
      severity: 'error',
      comment: 'engine/kit.ts is what authors build from; it must not pull in the composition root or the facade.',
      from: { path: '^engine/kit\\.ts$' },
      to: { path: '^engine/(compose/|engine\\.ts|index\\.ts)' },
    },
    {
      name: 'a-command-never-imports-another',
      severity: 'error',
      comment: 'CLI commands share code through modules outside commands/, never by importing each other (commands/index.ts is the registry).',
      from: { path: '^adapters/transports/cli/commands/(?!index\\.ts$)[^/]+$' },
      to: { path: '^adapters/transports/cli/commands/' },
    },
    {
      name: 'the-core-never-imports-transports',
      severity: 'error',
      comment: 'Like rollup\'s src/ and cli/: the engine never imports a transport, not even from compose/.',
      from: { path: '^engine/' },
      to: { path: '^adapters/transports/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
