import type { RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { ConsoleRole } from '../../../app/console-access/console-access.port';
import { decideAccess, mayUse, type AccessDecision, type ConsolePermission } from '../../../app/console-access/console-permissions';
import { recordAccessDenied } from '../../../app/console-access/console-session-events';
import type { ConsoleDeps } from './console.ports';
import { sessionOf, userRequestOf } from './console-session';

/**
 * THE route table of the console: every route and the permission it needs (who holds which
 * permission, and which need a recent sign-in, is the app's: src/app/console-access/
 * console-permissions.ts). The router enforces it in one middleware (a signed-in route missing
 * here is refused), the navigation shows only what the role may open, and the route-walking
 * access test reads it (test/reliability/access.int.test.ts), so a route cannot exist without a
 * line here.
 */
export interface RouteAccess {
  /** 'public': served without a session (its own checks apply: state, invitation, signature). */
  permission: ConsolePermission | 'public';
  /** A stricter permission for one form operation (`_op` field) of the same route. */
  ops?: Record<string, ConsolePermission>;
}

const PUBLIC: RouteAccess = { permission: 'public' };

export const CONSOLE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // The marketplace listing's pages (src/adapters/http/public): readable by anyone, no session, no cookie.
  'GET /privacy': PUBLIC,
  'GET /terms': PUBLIC,
  'GET /support': PUBLIC,
  'GET /setup-guide': PUBLIC,
  'GET /console/assets/*': PUBLIC,
  'GET /console/sign-in': PUBLIC,
  'GET /console/sign-in/start': PUBLIC,
  'GET /console/auth/callback': PUBLIC,
  'POST /console/passkey/options.json': PUBLIC,
  'POST /console/passkey/verify.json': PUBLIC,
  'GET /console/invite/:token': PUBLIC,
  'POST /console/invite/:token/options.json': PUBLIC,
  'POST /console/invite/:token/register.json': PUBLIC,

  'GET /console': { permission: 'console.use' },
  'POST /console/sign-out': { permission: 'console.use' },
  'GET /console/session.json': { permission: 'console.use' },
  'GET /console/criteria': { permission: 'criteria.read' },
  'GET /console/criteria/versions': { permission: 'criteria.read' },
  'GET /console/criteria/diff': { permission: 'criteria.read' },
  'POST /console/criteria': { permission: 'criteria.save_draft', ops: { publish: 'criteria.publish' } },
  'POST /console/criteria/publish': { permission: 'criteria.publish' },
  'POST /console/criteria/rollback': { permission: 'criteria.roll_back' },
  'GET /console/try': { permission: 'criteria.try_lead' },
  'POST /console/try': { permission: 'criteria.try_lead' },
  'GET /console/safety': { permission: 'safety.read' },
  'POST /console/safety/test': { permission: 'safety.test' },
  'POST /console/safety/phrases': { permission: 'safety.edit_phrases' },
  'GET /console/effectiveness': { permission: 'effectiveness.read' },
  'GET /console/effectiveness/export.csv': { permission: 'effectiveness.read' },
  'GET /console/effectiveness/report': { permission: 'effectiveness.read' },
  'GET /console/effectiveness/report.csv': { permission: 'effectiveness.read' },
  'POST /console/effectiveness/run': { permission: 'effectiveness.run' },
  'POST /console/effectiveness/draft': { permission: 'effectiveness.draft_criteria' },
  'GET /console/effectiveness/signals': { permission: 'effectiveness.configure_signals' },
  'POST /console/effectiveness/signals': { permission: 'effectiveness.configure_signals' },
  'GET /console/simulate': { permission: 'criteria.simulate' },
  'POST /console/simulate': { permission: 'criteria.simulate' },
  'GET /console/audit': { permission: 'audit.read' },
  'GET /console/audit/export.csv': { permission: 'audit.read' },
  'GET /console/audit/export.jsonl': { permission: 'audit.read' },
  'POST /console/audit/verify': { permission: 'audit.verify' },
  'GET /console/health': { permission: 'health.read' },
  'GET /console/health/rescore.json': { permission: 'health.read' },
  'POST /console/health/rescore': { permission: 'criteria.rescore' },
  'GET /console/access': { permission: 'users.manage' },
  'POST /console/access/invite': { permission: 'users.manage' },
  'POST /console/access/grant': { permission: 'users.manage' },
  'POST /console/access/revoke': { permission: 'users.manage' },
  'POST /console/access/remove': { permission: 'users.manage' },
  'POST /console/access/passkeys/remove': { permission: 'users.manage' },
};


/** The permission one request needs: the route's, narrowed by the form operation when it has one; undefined: no such route. */
export function accessFor(method: string, path: string, op?: unknown): ConsolePermission | 'public' | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const entry = CONSOLE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${normalized}`];
  if (!entry) return undefined;
  return (typeof op === 'string' && entry.ops?.[op]) || entry.permission;
}

/** Whether `role` may open a page (used to show only reachable navigation). */
export function mayOpen(role: ConsoleRole, path: string): boolean {
  return mayCall(role, 'GET', path);
}

/** Whether `role` may make a request (with form operation `op`): a page shows only the buttons the table lets its user press. */
export function mayCall(role: ConsoleRole, method: string, path: string, op?: string): boolean {
  const permission = accessFor(method, path, op);
  return permission === 'public' || (permission !== undefined && mayUse(role, permission));
}

/** The decision for a signed-in request: a route not in the table, or a public one, is no such page; else the permission's. */
export function decideRouteAccess(permission: ConsolePermission | 'public' | undefined, role: ConsoleRole, authenticatedAt: Date, now: Date): AccessDecision {
  if (permission === undefined || permission === 'public') return { kind: 'deny', error: new AppError('not_found', 'No such page.', { expose: true }) };
  return decideAccess(permission, role, authenticatedAt, now);
}

/**
 * Enforces the table for signed-in routes: a path not in it is "no such page"; a refused role
 * gets 403 (audited as console.access_denied); a stale sign-in on a re-auth route is sent to
 * the sign-in page (GET) or refused with 403 auth.reauth_required (a change).
 */
export function enforceAccessTable(deps: Pick<ConsoleDeps, 'audit' | 'clock'>): RequestHandler {
  return async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const session = sessionOf(res);
    const decision = decideRouteAccess(accessFor(req.method, `${req.baseUrl}${req.path}`, body._op), session.role, session.authenticatedAt, deps.clock.now());
    if (decision.kind === 'allow') return next();
    if (decision.kind === 'reauth' && req.method === 'GET') return res.redirect(303, '/console/sign-in?reauth=1');
    if (decision.error.code !== 'not_found') await recordAccessDenied(deps, userRequestOf(res), decision.error.code);
    next(decision.error);
  };
}
