/** Stops the private Redis the global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__CAREQUAL_TEST_REDIS__?.stop();
}
