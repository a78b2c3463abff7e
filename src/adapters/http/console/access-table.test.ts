import { CONSOLE_PERMISSIONS, RECENT_SIGN_IN_MS, type Permission } from '../../../app/console-access/console-permissions';
import { CONSOLE_ACCESS, accessFor, decideRouteAccess as decideAccess, mayOpen } from './access-table';

const NOW = new Date('2026-12-03T10:00:00Z');
const FRESH = new Date(NOW.getTime() - 60_000);
const STALE = new Date(NOW.getTime() - RECENT_SIGN_IN_MS - 1);

describe('the console access table', () => {
  it.each([
    // route, admin, editor, compliance, viewer
    ['GET /console/criteria', true, true, true, true],
    ['POST /console/criteria', true, true, false, false],
    ['POST /console/criteria/publish', true, false, false, false],
    ['POST /console/criteria/rollback', true, false, false, false],
    ['GET /console/simulate', true, true, false, false],
    ['POST /console/try', true, true, false, false],
    ['GET /console/audit', true, false, true, false],
    ['GET /console/audit/export.csv', true, false, true, false],
    ['POST /console/audit/verify', true, false, true, false],
    ['GET /console/health', true, true, true, true],
    ['POST /console/health/rescore', true, true, false, false],
    ['GET /console/access', true, false, false, false],
    ['POST /console/access/invite', true, false, false, false],
    ['POST /console/access/grant', true, false, false, false],
  ] as const)('when %s is asked for, then admin %s, editor %s, compliance %s, viewer %s', (route, ...allowed) => {
    const [method, path] = route.split(' ') as [string, string];
    const roles = ['admin', 'editor', 'compliance', 'viewer'] as const;
    expect(roles.map((role) => decideAccess(accessFor(method, path), role, FRESH, NOW).kind === 'allow')).toEqual(allowed);
  });

  it('when the criteria form asks to publish, then only an admin with a recent sign-in passes, though saving a draft is an editor\'s', () => {
    expect(decideAccess(accessFor('POST', '/console/criteria', 'save'), 'editor', FRESH, NOW).kind).toBe('allow');
    expect(decideAccess(accessFor('POST', '/console/criteria', 'publish'), 'editor', FRESH, NOW).kind).toBe('deny');
    expect(decideAccess(accessFor('POST', '/console/criteria', 'publish'), 'admin', FRESH, NOW).kind).toBe('allow');
    expect(decideAccess(accessFor('POST', '/console/criteria', 'publish'), 'admin', STALE, NOW).kind).toBe('reauth');
  });

  it('when the sign-in is older than the window, then user management and publishing ask for it again and reading does not', () => {
    const needsReauth = ({ permission }: (typeof CONSOLE_ACCESS)[string]) => permission !== 'public' && (CONSOLE_PERMISSIONS[permission] as Permission).reauth === true;
    const reauth = Object.entries(CONSOLE_ACCESS).filter(([, route]) => needsReauth(route)).map(([key]) => key).sort();
    expect(reauth).toEqual(['GET /console/access', 'POST /console/access/grant', 'POST /console/access/invite', 'POST /console/access/passkeys/remove',
      'POST /console/access/remove', 'POST /console/access/revoke', 'POST /console/criteria/publish', 'POST /console/criteria/rollback']);
    expect(decideAccess(accessFor('GET', '/console/access'), 'admin', STALE, NOW)).toMatchObject({ kind: 'reauth', error: { code: 'auth.reauth_required' } });
    expect(decideAccess(accessFor('GET', '/console/criteria'), 'admin', STALE, NOW).kind).toBe('allow');
  });

  it('when a path is not in the table (or is public), then a signed-in request is refused as no such page; a trailing slash is the same path', () => {
    expect(decideAccess(accessFor('GET', '/console/secret'), 'admin', FRESH, NOW)).toMatchObject({ kind: 'deny', error: { code: 'not_found' } });
    expect(decideAccess(accessFor('DELETE', '/console/criteria'), 'admin', FRESH, NOW)).toMatchObject({ kind: 'deny', error: { code: 'not_found' } });
    expect(accessFor('GET', '/console/criteria/')).toBe('criteria.read');
    expect(accessFor('HEAD', '/console/health')).toBe('health.read');
  });

  it('when the navigation is drawn, then each role sees only the pages it may open', () => {
    expect(['/console/simulate', '/console/audit', '/console/access'].map((p) => mayOpen('compliance', p))).toEqual([false, true, false]);
    expect(['/console/simulate', '/console/audit', '/console/access'].map((p) => mayOpen('viewer', p))).toEqual([false, false, false]);
    expect(['/console/simulate', '/console/audit', '/console/access'].map((p) => mayOpen('admin', p))).toEqual([true, true, true]);
  });
});
