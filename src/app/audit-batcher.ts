import type { AuditEntryInput, AuditLog } from './ports/audit-log.port';

export interface BatchingAuditLogOptions {
  /** Most entries written in one append (default 2000). */
  maxEntries?: number;
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
  const queue: Pending[] = [];
  let writing = false;

  const writeNext = async (): Promise<void> => {
    writing = true;
    while (queue.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.entries.length <= maxEntries)) {
        const next = queue.shift()!;
        batch.push(next);
        size += next.entries.length;
      }
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
        if (!writing) void writeNext();
      });
    },
  };
}
