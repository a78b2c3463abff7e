import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that tie a log line to a request, a job and a portal. Ids only, never contents. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  traceId?: string;
  portalId?: string | number;
  queue?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` added to every log line written inside it (across awaits). */
export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The context of the current request or job, if any. */
export function currentContext(): LogContext | undefined {
  return storage.getStore();
}
