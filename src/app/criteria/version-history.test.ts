import { tenantId } from '../ports/ids';
import { RecordingAuditLog } from '../../../test/fakes/pipeline.fakes';
import { normalizeAuditEntries } from '../audit/audit-entry.schema';
import type { AuditQuery, StoredAuditEntry } from '../audit/audit-trail.port';
import type { ConsoleUser } from '../console-access/console-access.port';
import type { AuditActor, AuditEntryInput } from '../ports/audit-log.port';
import type { CriteriaVersionSummary } from '../ports/criteria-versions.port';
import type { CriteriaRequester } from './criteria-deps';
import { defaultEditorVersion } from './read-criteria';
import { readVersionHistory } from './version-history';

const PORTAL = tenantId(71_000_009);
const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));
const dana: AuditActor = { kind: 'user', hubspotUserId: '501' };
const sam: AuditActor = { kind: 'user', hubspotUserId: '777' };
const cli: AuditActor = { kind: 'system', role: 'cli' };
const viewer: CriteriaRequester = { portalId: tenantId(PORTAL), actor: dana };

function version(v: number, savedHour: number, live?: { sinceHour: number; by: AuditActor }): CriteriaVersionSummary {
  return { portalId: tenantId(PORTAL), version: v, hash: `h${v}`, note: undefined, createdBy: cli, createdAt: at(savedHour), published: !!live, ...(live ? { liveSince: at(live.sinceHour), liveBy: live.by } : {}) };
}

/** The ports readVersionHistory reads: versions newest first, the audit trail's publish and rollback entries, the named users. */
function world(versions: CriteriaVersionSummary[], moves: Array<{ action: 'criteria.published' | 'criteria.rolled_back'; version: number; hour: number; actor: AuditActor }>, opts: { hubspotDown?: boolean } = {}) {
  const inputs: AuditEntryInput[] = moves.map((m) => ({ portalId: PORTAL, action: m.action, actor: m.actor, objectType: 'criteria', objectId: `v${m.version}`, outcome: 'success', occurredAt: at(m.hour) }));
  const stored: StoredAuditEntry[] = normalizeAuditEntries(inputs, at(0)).map((e, i) => ({ ...e, seq: i + 1, prevMac: '', mac: '', keyId: 'k' }));
  const users: ConsoleUser[] = [{ portalId: tenantId(PORTAL), userId: 501, kind: 'staff', role: 'editor', label: 'Dana Whitfield', createdAt: at(0) }];
  const audit = new RecordingAuditLog();
  return {
    audit,
    deps: {
      versions: { listVersions: async () => versions, tryGetVersion: async () => undefined, saveVersion: async () => { throw new Error('not used'); }, publishVersion: async () => { throw new Error('not used'); }, tryGetPublished: async () => undefined },
      audit,
      trail: { query: async (q: AuditQuery) => ({ entries: stored.filter((e) => e.action === q.action), nextAfterSeq: undefined }) },
      users: { list: async () => users },
      // HubSpot's owners: user 777 has a name there; user 501's admin-given label wins over HubSpot's.
      crm: { listOwners: async () => {
        if (opts.hubspotDown) throw new Error('HubSpot unreachable');
        return [{ id: '9', userId: '777', name: 'Sam Ortiz', teams: [] }, { id: '8', userId: '501', name: 'D. Whitfield', teams: [] }];
      } },
      warn: () => undefined,
    },
  };
}

describe('the editor\'s default version', () => {
  it.each([
    ['nothing is saved (0: the template)', 0, []],
    ['one version is live', 1, [version(1, 1, { sinceHour: 1, by: cli })]],
    ['a draft was saved after the live one was published', 2, [version(2, 3), version(1, 1, { sinceHour: 2, by: dana })]],
    ['the newest draft was abandoned by a later rollback', 1, [version(2, 3), version(1, 1, { sinceHour: 4, by: dana })]],
    ['nothing is live and there are two drafts', 2, [version(2, 3), version(1, 1)]],
  ] as Array<[string, number, CriteriaVersionSummary[]]>)('when %s, then the editor opens version %i', (_case, expected, versions) => {
    expect(defaultEditorVersion(versions)).toBe(expected);
  });
});

describe('readVersionHistory', () => {
  it('when versions were published and rolled back in the console, then each shows when it was live and who made it live, by name', async () => {
    const { deps, audit } = world(
      [version(3, 6), version(2, 2), version(1, 1, { sinceHour: 5, by: sam })],
      [{ action: 'criteria.published', version: 1, hour: 1, actor: dana }, { action: 'criteria.published', version: 2, hour: 3, actor: sam }, { action: 'criteria.rolled_back', version: 1, hour: 5, actor: sam }],
    );
    const { rows } = await readVersionHistory(viewer, deps);
    expect(rows.map((r) => [r.version, r.status])).toEqual([[3, 'draft'], [2, 'was_live'], [1, 'live']]);
    expect(rows[1]!.livePeriods).toEqual([{ from: at(3), until: at(5), by: 'Sam Ortiz', how: 'published' }]);
    expect(rows[2]!.livePeriods).toEqual([{ from: at(1), until: at(3), by: 'Dana Whitfield', how: 'published' }, { from: at(5), until: undefined, by: 'Sam Ortiz', how: 'rolled_back' }]);
    expect(rows[0]!.savedBy).toBe('CareQual command line');
    expect(audit.actions()).toEqual(['criteria.viewed:']);
  });

  it('when HubSpot cannot say who a user is, then they read as "HubSpot user <id>" and the history still shows', async () => {
    const { deps } = world([version(2, 3, { sinceHour: 3, by: sam }), version(1, 1)], [{ action: 'criteria.published', version: 2, hour: 3, actor: sam }], { hubspotDown: true });
    const { rows } = await readVersionHistory(viewer, deps);
    expect(rows[0]!.livePeriods).toEqual([{ from: at(3), until: undefined, by: 'HubSpot user 777', how: 'published' }]);
  });

  it('when the live pointer moved outside the console (installation), then the live version\'s period comes from the pointer itself', async () => {
    const { deps } = world([version(2, 2), version(1, 1, { sinceHour: 1, by: cli })], []);
    const { rows } = await readVersionHistory(viewer, deps);
    expect(rows[1]!.livePeriods).toEqual([{ from: at(1), until: undefined, by: 'CareQual command line', how: 'published' }]);
    expect(rows.map((r) => r.status)).toEqual(['draft', 'live']);
  });

  it('when a version older than the live one was never live, then it reads as never published, not as a draft', async () => {
    const { deps } = world([version(2, 2, { sinceHour: 3, by: dana }), version(1, 1)], [{ action: 'criteria.published', version: 2, hour: 3, actor: dana }]);
    const { rows } = await readVersionHistory(viewer, deps);
    expect(rows.map((r) => r.status)).toEqual(['live', 'never_published']);
  });
});
