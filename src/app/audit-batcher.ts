import type { AuditEntryInput, AuditLog } from './ports/audit-log.port';

export interface BatchingAuditLogOptions {
  /** Most entries written in one append (default 2000). */
  maxEntries?: number;
  /**
   * How long the first append of an idle log waits for company (default 0: write at once).
   * With an in-process database (PGlite) a transaction blocks the event loop, so appends cannot
   * pile up behind it; a few milliseconds of waiting lets concurrent requests join the batch.
   */
  maxWaitMs?: number;
}

interface Pending {
  entries: readonly AuditEntryInput[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit in front of an AuditLog: appends that arrive while one is being written are
 * written together in the next single `append` (one transaction), and each caller resolves only
 * once its own entries are durable (or rejects with the batch's error). No timer: an idle log
 * writes at once, a busy one batches by itself. Under webhook load this turns one audit
 * transaction per delivery into one per round trip to the database.
 */
export function createBatchingAuditLog(inner: AuditLog, opts: BatchingAuditLogOptions = {}): AuditLog {
  const maxEntries = opts.maxEntries ?? 2000;
  const maxWaitMs = opts.maxWaitMs ?? 0;
  const queue: Pending[] = [];
  let queued = 0;
  let writing = false;
  let timer: NodeJS.Timeout | undefined;

  const writeNext = async (): Promise<void> => {
    if (writing) return;
    writing = true;
    while (queue.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.entries.length <= maxEntries)) {
        const next = queue.shift()!;
        batch.push(next);
        size += next.entries.length;
      }
      queued -= size;
      try {
        await inner.append(batch.flatMap((p) => p.entries));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    writing = false;
  };

  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ entries, resolve, reject });
        queued += entries.length;
        if (writing) return;
        if (maxWaitMs <= 0 || queued >= maxEntries) {
          clearTimeout(timer);
          timer = undefined;
          void writeNext();
        } else {
          timer ??= setTimeout(() => {
            timer = undefined;
            if (!writing) void writeNext();
          }, maxWaitMs);
        }
      });
    },
  };
}
