import { rmSync } from 'node:fs';
import { removeSpawnBuild } from './spawn-build';

/** Stops the private Redis the global setup started, if it started one, and removes the spawn build and the run's data folders. */
export default async function globalTeardown(): Promise<void> {
  removeSpawnBuild(process.env.CAREQUAL_TEST_SPAWN_BUILD);
  if (process.env.CAREQUAL_TEST_TMPDIR?.includes('carequal-test-run-')) rmSync(process.env.CAREQUAL_TEST_TMPDIR, { recursive: true, force: true });
  await globalThis.__CAREQUAL_TEST_REDIS__?.stop();
}
