// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** Modules that perform I/O or read ambient state: forbidden in the pure core. */
const IO_MODULES = [
  'express', 'bullmq', 'ioredis', 'pg', '@electric-sql/pglite', 'winston', '@hubspot/api-client',
  'node:http', 'http', 'node:https', 'https', 'node:fs', 'fs', 'node:net', 'net', 'node:child_process', 'child_process',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-results/**', 'hubspot-project/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // No import circles: a circle means two modules are one module, or a shared piece sits in
    // the wrong place (`farm-studio look` draws them). Type imports count too: a circle of
    // types is the same tangle. Tests are leaves, so only the tree that ships is walked.
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'sandbox/**/*.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Production code never imports the local HubSpot sandbox.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox', '**/sandbox/**'], message: 'Production code never imports the local HubSpot sandbox.' }] }],
    },
  },
  {
    // The fake HubSpot stands for HubSpot: it knows nothing of the product it serves. What
    // wires the two together (the local stack) lives in scripts/local-stack/.
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src', '**/src/**', '**/scripts/**'], message: 'sandbox/ is HubSpot: it never imports CareQual (src/) or the scripts that start it.' }] }],
    },
  },
  {
    // The core is pure: no I/O modules, no environment, no wall clock (pass a Clock).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: IO_MODULES.map((name) => ({ name, message: 'src/core is pure: no I/O imports.' })),
        patterns: [{ group: ['**/adapters/**', '**/main/**', '**/observability/**', '**/config/**', '**/sandbox/**'], message: 'src/core depends on nothing outside core.' }],
      }],
      'no-restricted-properties': ['error',
        { object: 'process', property: 'env', message: 'src/core never reads the environment.' },
        { object: 'Date', property: 'now', message: 'src/core takes the time from a Clock argument.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core takes the time from a Clock argument.' }],
    },
  },
  {
    // Use cases depend on core and on their ports only: adapters, composition roots, I/O
    // libraries and the environment stay outside src/app (wired in through src/main).
    files: ['src/app/**/*.ts'],
    ignores: ['src/app/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: IO_MODULES.map((name) => ({ name, message: 'src/app reaches I/O through its ports (src/app/ports).' })),
        patterns: [{ group: ['**/adapters/**', '**/main/**', '**/config/**', '**/sandbox/**'], message: 'src/app depends on core and its own ports, never on adapters or composition roots.' }],
      }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'src/app never reads the environment: configuration comes in through its deps.' }],
    },
  },
);
