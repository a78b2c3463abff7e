import { AppError } from '../errors';
import type { ConsoleRole } from './console-access.port';

/**
 * Who may do what in the console: each thing a console user can do (read a page, call a use
 * case), the roles that may do it, and whether it needs a recent sign-in. The HTTP adapter's
 * route table (src/adapters/http/console/access-table.ts) names one of these per route and the
 * router enforces it there; the rules themselves are the app's, whatever serves them.
 *
 * Least privilege (issue 18): anything that reads real contacts (simulate, try a lead, re-score)
 * is editor and up; the audit log is compliance and admin only; managing users and publishing
 * are admin only and need a recent sign-in (HIPAA 164.312(d), person authentication).
 */
export interface Permission {
  roles: readonly ConsoleRole[];
  /** Needs a sign-in within RECENT_SIGN_IN_MS (re-authentication). */
  reauth?: boolean;
}

const EVERYONE = ['admin', 'editor', 'compliance', 'viewer'] as const;
const EDITORS = ['admin', 'editor'] as const;
const AUDITORS = ['admin', 'compliance'] as const;
const ADMINS = ['admin'] as const;

export const CONSOLE_PERMISSIONS = {
  /** The home page, the session's own state, signing out. */
  'console.use': { roles: EVERYONE },
  'criteria.read': { roles: EVERYONE },
  'criteria.save_draft': { roles: EDITORS },
  'criteria.publish': { roles: ADMINS, reauth: true },
  'criteria.roll_back': { roles: ADMINS, reauth: true },
  'criteria.simulate': { roles: EDITORS },
  'criteria.try_lead': { roles: EDITORS },
  'criteria.rescore': { roles: EDITORS },
  'safety.read': { roles: EVERYONE },
  'safety.test': { roles: EDITORS },
  'safety.edit_phrases': { roles: EDITORS },
  'effectiveness.read': { roles: EVERYONE },
  'effectiveness.run': { roles: EDITORS },
  'effectiveness.draft_criteria': { roles: EDITORS },
  'effectiveness.configure_signals': { roles: ADMINS },
  'audit.read': { roles: AUDITORS },
  'audit.verify': { roles: AUDITORS },
  'health.read': { roles: EVERYONE },
  'users.manage': { roles: ADMINS, reauth: true },
} as const satisfies Record<string, Permission>;

export type ConsolePermission = keyof typeof CONSOLE_PERMISSIONS;

/** A sign-in older than this must be repeated before managing users or publishing. */
export const RECENT_SIGN_IN_MS = 10 * 60_000;

/** Whether `role` may do `permission` (a page shows only the links and buttons its user may use). */
export function mayUse(role: ConsoleRole, permission: ConsolePermission): boolean {
  const roles: readonly ConsoleRole[] = CONSOLE_PERMISSIONS[permission].roles;
  return roles.includes(role);
}

export type AccessDecision = { kind: 'allow' } | { kind: 'deny'; error: AppError } | { kind: 'reauth'; error: AppError };

/** The decision for a signed-in user; pure, so the rules' meaning is tested without HTTP. */
export function decideAccess(permission: ConsolePermission, role: ConsoleRole, authenticatedAt: Date, now: Date): AccessDecision {
  if (!mayUse(role, permission)) {
    return { kind: 'deny', error: new AppError('auth.forbidden', `Your role (${role}) does not include this. Ask your CareQual admin if you need it.`, { expose: true }) };
  }
  const rule: Permission = CONSOLE_PERMISSIONS[permission];
  if (rule.reauth && now.getTime() - authenticatedAt.getTime() > RECENT_SIGN_IN_MS) {
    return { kind: 'reauth', error: new AppError('auth.reauth_required', 'For managing users and publishing, sign in again first (your last sign-in is over 10 minutes old).', { expose: true }) };
  }
  return { kind: 'allow' };
}
