import { removeSpawnBuild } from './spawn-build';

/** Stops the private Redis the global setup started, if it started one, and removes the spawn build. */
export default async function globalTeardown(): Promise<void> {
  removeSpawnBuild(process.env.CAREQUAL_TEST_SPAWN_BUILD);
  await globalThis.__CAREQUAL_TEST_REDIS__?.stop();
}
