/** Stops the private Redis the global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  globalThis.__CAREQUAL_REDIS_PROCESS__?.kill();
}
