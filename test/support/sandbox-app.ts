/**
 * The local stack (sandbox/local-stack.ts) for tests: the same wiring the demo and the benchmarks
 * use, started from the test environment (the jest global setup's Redis, quiet logs).
 */
import { startSandboxedApp as startLocalSandboxedApp, LOCAL_APP_ID, type SandboxedApp, type SandboxedAppOptions } from '../../sandbox/local-stack';
import { buildTestEnv } from './config';

export { eventually, freePort, installThroughOAuth, subscriptionsFromHubSpotProject, type SandboxedApp, type SandboxedAppOptions } from '../../sandbox/local-stack';

export const TEST_APP_ID = LOCAL_APP_ID;

/** Starts the sandbox and CareQual wired together, from the test environment (see sandbox/local-stack.ts). */
export function startSandboxedApp(opts: Omit<SandboxedAppOptions, 'baseEnv'> = {}): Promise<SandboxedApp> {
  return startLocalSandboxedApp({ ...opts, baseEnv: buildTestEnv() });
}
