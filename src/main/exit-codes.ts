/** Process exit codes that mean something to an operator and a supervisor (sysexits.h where one fits). */
export const EXIT = {
  ok: 0,
  /** The command failed while running (a dependency went away, an unexpected error). */
  failure: 1,
  /** The command line was wrong. */
  usage: 64,
  /** A dependency (database, Redis) could not be reached at start. */
  unavailable: 69,
  /** The configuration is invalid: see the message naming each variable. */
  config: 78,
  /** Shutdown did not finish within SHUTDOWN_TIMEOUT_MS and was cut short. */
  shutdownTimeout: 124,
} as const;
