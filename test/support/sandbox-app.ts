/**
 * The local stack (scripts/local-stack/local-stack.ts) for tests: the same wiring the demo and the benchmarks
 * use, started from the test environment (the jest global setup's Redis, quiet logs).
 */
import { startSandboxedApp as startLocalSandboxedApp, LOCAL_APP_ID, type SandboxedApp, type SandboxedAppOptions } from '../../scripts/local-stack/local-stack';
import { buildTestEnv } from './config';
import { freshDataDir } from './databases';

export { eventually } from './wait';
export { freePort, installThroughOAuth, subscriptionsFromHubSpotProject, type SandboxedApp, type SandboxedAppOptions } from '../../scripts/local-stack/local-stack';

export const TEST_APP_ID = LOCAL_APP_ID;

/**
 * Starts the sandbox and CareQual wired together, from the test environment (see
 * scripts/local-stack/local-stack.ts), with its embedded database copied from the migrated template.
 */
export function startSandboxedApp(opts: Omit<SandboxedAppOptions, 'baseEnv'> = {}): Promise<SandboxedApp> {
  return startLocalSandboxedApp({ ...opts, baseEnv: buildTestEnv(), env: { DATA_DIR: freshDataDir('carequal-local-'), ...opts.env } });
}
