import type { RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { ConsoleRole } from '../../../app/console-access/console-access.port';
import { recordAccessDenied } from '../../../app/console-access/console-session-events';
import type { ConsoleDeps } from './console.ports';
import { sessionOf, userRequestOf } from './console-session';

/**
 * THE access table of the console: every route, who may call it, and whether it needs a recent
 * sign-in. The router enforces it in one middleware (a signed-in route missing here is refused),
 * the navigation shows only what the role may open, and the route-walking access test reads it
 * (test/reliability/access.int.test.ts), so a route cannot exist without a line here.
 *
 * Least privilege (issue 18): anything that reads real contacts (simulate, try a lead, re-score)
 * is editor and up; the audit log is compliance and admin only; managing users and publishing
 * are admin only and need a recent sign-in (HIPAA 164.312(d), person authentication).
 */
export interface RouteAccess {
  /** 'public': served without a session (its own checks apply: state, invitation, signature). */
  roles: readonly ConsoleRole[] | 'public';
  /** Needs a sign-in within RECENT_SIGN_IN_MS (re-authentication). */
  reauth?: boolean;
  /** Stricter rules for one form operation (`_op` field) of the same route. */
  ops?: Record<string, Omit<RouteAccess, 'ops'>>;
}

const EVERYONE = ['admin', 'editor', 'compliance', 'viewer'] as const;
const EDITORS = ['admin', 'editor'] as const;
const AUDITORS = ['admin', 'compliance'] as const;
const ADMINS = ['admin'] as const;

export const CONSOLE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // The marketplace listing's pages (src/adapters/http/public): readable by anyone, no session, no cookie.
  'GET /privacy': { roles: 'public' },
  'GET /terms': { roles: 'public' },
  'GET /support': { roles: 'public' },
  'GET /setup-guide': { roles: 'public' },
  'GET /console/assets/*': { roles: 'public' },
  'GET /console/sign-in': { roles: 'public' },
  'GET /console/sign-in/start': { roles: 'public' },
  'GET /console/auth/callback': { roles: 'public' },
  'POST /console/passkey/options.json': { roles: 'public' },
  'POST /console/passkey/verify.json': { roles: 'public' },
  'GET /console/invite/:token': { roles: 'public' },
  'POST /console/invite/:token/options.json': { roles: 'public' },
  'POST /console/invite/:token/register.json': { roles: 'public' },

  'GET /console': { roles: EVERYONE },
  'POST /console/sign-out': { roles: EVERYONE },
  'GET /console/session.json': { roles: EVERYONE },
  'GET /console/criteria': { roles: EVERYONE },
  'GET /console/criteria/versions': { roles: EVERYONE },
  'GET /console/criteria/diff': { roles: EVERYONE },
  'POST /console/criteria': { roles: EDITORS, ops: { publish: { roles: ADMINS, reauth: true } } },
  'POST /console/criteria/publish': { roles: ADMINS, reauth: true },
  'POST /console/criteria/rollback': { roles: ADMINS, reauth: true },
  'GET /console/try': { roles: EDITORS },
  'POST /console/try': { roles: EDITORS },
  'GET /console/safety': { roles: EVERYONE },
  'POST /console/safety/test': { roles: EDITORS },
  'POST /console/safety/phrases': { roles: EDITORS },
  'GET /console/effectiveness': { roles: EVERYONE },
  'GET /console/effectiveness/export.csv': { roles: EVERYONE },
  'GET /console/effectiveness/report': { roles: EVERYONE },
  'GET /console/effectiveness/report.csv': { roles: EVERYONE },
  'POST /console/effectiveness/run': { roles: EDITORS },
  'POST /console/effectiveness/draft': { roles: EDITORS },
  'GET /console/effectiveness/signals': { roles: ADMINS },
  'POST /console/effectiveness/signals': { roles: ADMINS },
  'GET /console/simulate': { roles: EDITORS },
  'POST /console/simulate': { roles: EDITORS },
  'GET /console/audit': { roles: AUDITORS },
  'GET /console/audit/export.csv': { roles: AUDITORS },
  'GET /console/audit/export.jsonl': { roles: AUDITORS },
  'POST /console/audit/verify': { roles: AUDITORS },
  'GET /console/health': { roles: EVERYONE },
  'GET /console/health/rescore.json': { roles: EVERYONE },
  'POST /console/health/rescore': { roles: EDITORS },
  'GET /console/access': { roles: ADMINS, reauth: true },
  'POST /console/access/invite': { roles: ADMINS, reauth: true },
  'POST /console/access/grant': { roles: ADMINS, reauth: true },
  'POST /console/access/revoke': { roles: ADMINS, reauth: true },
  'POST /console/access/remove': { roles: ADMINS, reauth: true },
  'POST /console/access/passkeys/remove': { roles: ADMINS, reauth: true },
};

/** A sign-in older than this must be repeated before managing users or publishing. */
export const RECENT_SIGN_IN_MS = 10 * 60_000;

/** The rule for one request: the route's line, narrowed by the form operation when it has one. */
export function accessFor(method: string, path: string, op?: unknown): Omit<RouteAccess, 'ops'> | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const entry = CONSOLE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${normalized}`];
  if (!entry) return undefined;
  return (typeof op === 'string' && entry.ops?.[op]) || entry;
}

/** Whether `role` may open a page (used to show only reachable navigation). */
export function mayOpen(role: ConsoleRole, path: string): boolean {
  return mayCall(role, 'GET', path);
}

/** Whether `role` may make a request (with form operation `op`): a page shows only the buttons the table lets its user press. */
export function mayCall(role: ConsoleRole, method: string, path: string, op?: string): boolean {
  const rule = accessFor(method, path, op);
  return rule !== undefined && (rule.roles === 'public' || rule.roles.includes(role));
}

export type AccessDecision = { kind: 'allow' } | { kind: 'deny'; error: AppError } | { kind: 'reauth'; error: AppError };

/** The decision for a signed-in user; pure, so the table's meaning is tested without HTTP. */
export function decideAccess(rule: Omit<RouteAccess, 'ops'> | undefined, role: ConsoleRole, authenticatedAt: Date, now: Date): AccessDecision {
  if (!rule || rule.roles === 'public') return { kind: 'deny', error: new AppError('not_found', 'No such page.', { expose: true }) };
  if (!rule.roles.includes(role)) {
    return { kind: 'deny', error: new AppError('auth.forbidden', `Your role (${role}) does not include this. Ask your CareQual admin if you need it.`, { expose: true }) };
  }
  if (rule.reauth && now.getTime() - authenticatedAt.getTime() > RECENT_SIGN_IN_MS) {
    return { kind: 'reauth', error: new AppError('auth.reauth_required', 'For managing users and publishing, sign in again first (your last sign-in is over 10 minutes old).', { expose: true }) };
  }
  return { kind: 'allow' };
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
    const decision = decideAccess(accessFor(req.method, `${req.baseUrl}${req.path}`, body._op), session.role, session.authenticatedAt, deps.clock.now());
    if (decision.kind === 'allow') return next();
    if (decision.kind === 'reauth' && req.method === 'GET') return res.redirect(303, '/console/sign-in?reauth=1');
    if (decision.error.code !== 'not_found') await recordAccessDenied(deps, userRequestOf(res), decision.error.code);
    next(decision.error);
  };
}
