import type { AuditAction, AuditEntryInput, AuditLog } from '../../src/app/ports/audit-log.port';
import { normalizeAuditEntries } from '../../src/app/audit/audit-entry.schema';

/**
 * An in-memory AuditLog for use-case tests: it validates every entry exactly as the real
 * repository does (so an entry carrying a value, or a failure without an error code, fails the
 * test instead of production) and records what was appended, in order.
 *
 *   const audit = createRecordingAuditLog();
 *   await handleSomething({ audit, ... });
 *   expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'contact.read', objectId: '101' }));
 */
export interface RecordingAuditLog extends AuditLog {
  /** Every entry appended so far, as given (validated), in append order. */
  readonly entries: AuditEntryInput[];
  /** The number of `append` calls (a 100-contact batch should be one). */
  readonly appendCalls: number;
  /** Entries with the given action. */
  ofAction(action: AuditAction): AuditEntryInput[];
  /** Makes the next `append` calls reject with `error` (to test what a use case does when auditing fails). */
  failWith(error: Error | undefined): void;
  clear(): void;
}

export function createRecordingAuditLog(): RecordingAuditLog {
  const entries: AuditEntryInput[] = [];
  let appendCalls = 0;
  let failure: Error | undefined;
  return {
    entries,
    get appendCalls() {
      return appendCalls;
    },
    async append(batch) {
      appendCalls += 1;
      if (failure) throw failure;
      normalizeAuditEntries(batch, new Date());
      entries.push(...batch.map((e) => ({ ...e, propertyNames: e.propertyNames ? [...e.propertyNames] : undefined })).map(dropUndefined));
    },
    ofAction: (action) => entries.filter((e) => e.action === action),
    failWith(error) {
      failure = error;
    },
    clear() {
      entries.length = 0;
      appendCalls = 0;
      failure = undefined;
    },
  };
}

function dropUndefined(entry: AuditEntryInput): AuditEntryInput {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as AuditEntryInput;
}
