import { tenantId } from '../ports/ids';
import fc from 'fast-check';
import { AppError } from '../errors';
import type { AuditEntryInput } from '../ports/audit-log.port';
import { normalizeAuditEntries } from './audit-entry.schema';
import { createRecordingAuditLog } from '../../../test/support/recording-audit-log';

const NOW = new Date('2026-11-03T09:15:00.123Z');

const contactRead = (overrides: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  portalId: tenantId(4_812_345),
  action: 'contact.read',
  actor: { kind: 'system', role: 'worker', jobId: 'qualify:4812345:7f3a' },
  objectType: 'contact',
  objectId: '151',
  propertyNames: ['firstname', 'email', 'hs_lead_status'],
  outcome: 'success',
  jobId: 'qualify:4812345:7f3a',
  ...overrides,
});

function rejectionOf(entry: unknown): AppError {
  try {
    normalizeAuditEntries([entry as AuditEntryInput], NOW);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('entry was accepted');
}

describe('audit entry validation', () => {
  it('when an entry is valid, then it normalises to sorted names, nulls for absent fields and the clock time', () => {
    const [normalized] = normalizeAuditEntries([contactRead({ propertyNames: ['lastname', 'email', 'lastname'] })], NOW);
    expect(normalized).toEqual({
      portalId: 4_812_345,
      occurredAt: NOW,
      actorKind: 'system',
      actorId: null,
      actorRole: 'worker',
      actorJobId: 'qualify:4812345:7f3a',
      action: 'contact.read',
      objectType: 'contact',
      objectId: '151',
      propertyNames: ['email', 'lastname'],
      criteriaVersion: null,
      outcome: 'success',
      errorCode: null,
      requestId: null,
      jobId: 'qualify:4812345:7f3a',
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a property value instead of a name', { propertyNames: ['email', 'jane.doe@example.com'] }],
    ['a contact id that is a name', { objectId: 'Jane Doe' }],
    ['a non-numeric contact id', { objectId: 'jane' }],
    ['free text as an error code', { outcome: 'failure', errorCode: 'Patient Jane has no insurance' }],
    ['a failure without an error code', { outcome: 'failure' }],
    ['an error code on a success', { errorCode: 'hubspot.timeout' }],
    ['an unknown action', { action: 'contact.viewed_by_alien' }],
    ['an extra field', { email: 'jane.doe@example.com' }],
    ['a user actor with a name as id', { actor: { kind: 'user', hubspotUserId: 'Dr. Who' } }],
    ['an object id without a type', { objectType: undefined }],
  ])('when an entry carries %s, then it is rejected without echoing the value', (_what, overrides) => {
    const error = rejectionOf({ ...contactRead(), ...overrides });
    expect(error.code).toBe('audit.invalid_entry');
    expect(error.message).not.toMatch(/jane|Dr\. Who|insurance|alien/i);
  });

  it('when any id field holds text with a space or an @, then the entry is rejected (fast-check)', () => {
    const fields = ['objectId', 'criteriaVersion', 'requestId', 'jobId'] as const;
    const phiLike = fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '@'), fc.string({ maxLength: 20 })).map(([a, s, b]) => a + s + b);
    fc.assert(
      fc.property(fc.constantFrom(...fields), phiLike, (field, value) => {
        expect(rejectionOf({ ...contactRead({ objectType: 'criteria' }), [field]: value }).code).toBe('audit.invalid_entry');
      }),
    );
  });

  it('when a use case appends through the recording fake, then it sees the entries and invalid ones throw', async () => {
    const audit = createRecordingAuditLog();
    await audit.append([contactRead(), contactRead({ objectId: '152' })]);
    expect(audit.appendCalls).toBe(1);
    expect(audit.ofAction('contact.read').map((e) => e.objectId)).toEqual(['151', '152']);
    await expect(audit.append([contactRead({ propertyNames: ['555-0100 home'] })])).rejects.toMatchObject({ code: 'audit.invalid_entry' });
  });
});
