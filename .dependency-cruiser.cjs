// The stage order of ARCHITECTURE.md, checked on every CI run.
// A stage may import the stages listed before it, never the ones after it.
const stages = [
  'shared',
  'git',
  'provenance',
  'graph',
  'ownership',
  'history',
  'radius',
  'risk',
  'policy',
  'ledger',
  'incidents',
  'insights',
  'experiments',
  'rollback',
];
const interfaces = ['cli', 'server', 'web', 'action'];

const stageOrder = stages.map((stage, index) => {
  const later = [...stages.slice(index + 1), ...interfaces];
  return {
    name: `stage-order-${stage}`,
    comment: `${stage}/ may import only the stages before it in ARCHITECTURE.md (${stages.slice(0, index).join(', ') || 'none'}).`,
    severity: 'error',
    // A test may set up fixtures with any stage; the order binds production code.
    from: { path: `^src/${stage}/`, pathNot: '\\.test\\.ts$' },
    to: { path: `^src/(${later.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...stageOrder,
    {
      name: 'child-process-only-in-git',
      comment: 'Only src/git/ spawns processes: every other stage gets git data as values (their tests too; test/helpers runs programs for them).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/git/' },
      to: { path: '^(node:)?child_process$', dependencyTypes: ['core'] },
    },
    {
      name: 'fs-only-at-the-edges',
      comment: 'The analysis stages are pure; files are read by git/, the interfaces and (later) graph/fs and ledger/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(git|cli|server|action|ledger)/|^src/graph/fs\\.ts$|\\.test\\.ts$' },
      to: { path: '^(node:)?fs(/promises)?$', dependencyTypes: ['core'] },
    },
    {
      name: 'worker-threads-only-in-the-graph-pool',
      comment: 'Threads start in one place: a cold graph build shares its per-file work with workers (src/graph/pool.ts and their entry, graph-worker.ts); the rest runs on one thread (tests may start workers, to test concurrent writers).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/graph/(pool|graph-worker)\\.ts$|\\.test\\.ts$' },
      to: { path: '^(node:)?worker_threads$', dependencyTypes: ['core'] },
    },
    {
      name: 'sqlite-driver-only-in-its-backend',
      comment: 'Only src/ledger/sqlite/ opens SQLite: the rest of the ledger speaks kysely over the Store interface, so a backend stays one folder.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ledger/sqlite/' },
      to: { path: '(^|/)node_modules/(@types/)?better-sqlite3/' },
    },
    {
      name: 'postgres-driver-only-in-its-backend',
      comment: 'Only src/ledger/postgres/ opens Postgres: the rest of the ledger speaks kysely over the Store interface, so a backend stays one folder.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ledger/postgres/' },
      to: { path: '(^|/)node_modules/(@types/)?(pg|pg-pool|pg-protocol|pg-connection-string|pg-types)/' },
    },
    {
      name: 'sql-only-in-the-ledger',
      comment: 'No SQL outside the ledger: the other stages read and write through the Store interface.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ledger/' },
      to: { path: '(^|/)node_modules/kysely/' },
    },
    {
      name: 'no-interface-in-core',
      comment: 'Interfaces are thin and sit at the end of the pipeline; the core never imports them.',
      severity: 'error',
      from: { path: `^src/(${stages.join('|')})/` },
      to: { path: `^src/(${interfaces.join('|')})/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-tests-in-production',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$|^test/' },
      to: { path: '\\.test\\.ts$|^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
