import { contactId, tenantId } from '../../app/ports/ids';
import type { ContactEvent } from '../../app/webhook-events';
import { CONTACT_OBJECT_TYPE_ID } from './journal.client';

/**
 * The contact property changes in a journal file, as the webhook intake's contact events: OBJECT
 * UPDATE events of this app for contacts (objectTypeId 0-1) that name a property. Ids and the
 * property name only; a value the file may carry is never read. The file's schema is not in the
 * spec (see journal-uninstall.poller.ts), so anything incomplete is skipped, never thrown on.
 */
export function contactPropertyChangesIn(file: unknown, appId: number): ContactEvent[] {
  const events = Array.isArray(file) ? file : (file as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return [];
  const found: ContactEvent[] = [];
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    if (e.subscriptionType !== 'OBJECT' || e.action !== 'UPDATE' || String(e.objectTypeId) !== CONTACT_OBJECT_TYPE_ID) continue;
    if (e.appId !== undefined && idOf(e.appId) !== appId) continue;
    const portalId = idOf(e.portalId);
    const objectId = idOf(e.objectId);
    const occurredAt = typeof e.occurredAt === 'number' && Number.isSafeInteger(e.occurredAt) ? e.occurredAt : undefined;
    const propertyName = typeof e.propertyName === 'string' && /^[a-z0-9_]{1,100}$/.test(e.propertyName) ? e.propertyName : undefined;
    if (!portalId || !objectId || occurredAt === undefined || !propertyName || typeof e.eventId !== 'string' || idOf(e.subscriptionId) === undefined) continue;
    found.push({
      kind: 'propertyChange', type: 'contact.propertyChange', portalId: tenantId(portalId), objectId: contactId(String(objectId)), occurredAt, propertyName,
      subscriptionId: `journal:${String(e.subscriptionId)}`, eventId: e.eventId.slice(0, 100),
      ...(typeof e.changeSource === 'string' ? { changeSource: e.changeSource.slice(0, 50) } : {}),
      ...(typeof e.sourceId === 'string' ? { sourceId: e.sourceId.slice(0, 100) } : {}),
    });
  }
  return found;
}

function idOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
