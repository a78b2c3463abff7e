import type { TenantId } from '../../../app/ports/ids';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { tryGetHubSpotUserName } from '../../../app/console-access/actor-names';
import { activeConsoleUser, consoleRoleOf, type ConsoleUserRequest } from '../../../app/console-access/console-session-events';
import type { ConsoleRole, ConsoleDeps, ConsoleSettings } from './console.ports';

export const SESSION_COOKIE = 'cq_console';
export const SIGN_IN_COOKIE = 'cq_sign_in';
export const CONSOLE_PATH = '/console';
const JWT_AUDIENCE = 'carequal-console';
/**
 * The cookie outlives the server-side limits by this much, so a browser coming back just after
 * its session ended still presents it and the sign-in page can say why ("signed out after a
 * period of inactivity") instead of looking like a fresh visit. The limits themselves are
 * enforced on the server, from the session row.
 */
const COOKIE_GRACE_MS = 60_000;

/** The signed-in user as every console route sees it (res.locals.consoleSession). */
export interface ConsoleSession {
  idHash: string;
  portalId: TenantId;
  userId: number;
  role: ConsoleRole;
  /** What the page header calls the user: an invited person's name, else "User <id>". */
  displayName: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  authMethod: 'hubspot' | 'passkey';
  /** When the user last proved who they are (routes flagged `reauth` in the access table need this recent). */
  authenticatedAt: Date;
}

export type ResolvedSession = { kind: 'ok'; session: ConsoleSession; sessionId: string } | { kind: 'none' } | { kind: 'expired'; portalId: TenantId; userId: number };

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Reads one cookie from the Cookie header (no cookie-parser dependency for two cookies). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function cookieOptions(settings: ConsoleSettings, maxAgeMs: number) {
  return {
    httpOnly: true,
    secure: settings.publicBaseUrl.startsWith('https:'),
    sameSite: 'lax' as const,
    path: CONSOLE_PATH,
    maxAge: maxAgeMs,
  };
}

/** The per-session CSRF token: derived from the session id, so nothing extra is stored. */
export function csrfTokenFor(settings: ConsoleSettings, sessionId: string): string {
  return createHmac('sha256', settings.sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * The user's role, read from `console_users` on every request (so a role change or removal
 * takes effect at once). Undefined when the installation is not active or the user is not a
 * known user of the portal: their session ends.
 */
export async function resolveRole(deps: Pick<ConsoleDeps, 'installations' | 'users'>, portalId: TenantId, userId: number): Promise<ConsoleRole | undefined> {
  return consoleRoleOf(deps, portalId, userId);
}

/** The signed-in user and the request id, as the console use cases take them. */
export function userRequestOf(res: Response): ConsoleUserRequest {
  const { portalId, userId } = sessionOf(res);
  return { portalId, userId, ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}) };
}

/** Creates the server-side session row and sets the short-lived signed cookie that points at it. */
export async function startSession(deps: ConsoleDeps, res: Response, portalId: TenantId, userId: number, authMethod: ConsoleSession['authMethod']): Promise<void> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  await deps.sessions.deleteExpired(now, deps.settings.idleTimeoutMs);
  await deps.sessions.create(sha256(sessionId), {
    portalId, userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + deps.settings.sessionMaxMs), authMethod, authenticatedAt: now,
  });
  setSessionCookie(deps.settings, res, sessionId, deps.settings.idleTimeoutMs + COOKIE_GRACE_MS);
}

/** The cookie lives about as long as the idle limit and is re-issued on activity (sliding). */
function setSessionCookie(settings: ConsoleSettings, res: Response, sessionId: string, lifetimeMs: number): void {
  const token = jwt.sign({ sid: sessionId }, settings.sessionSecret, {
    algorithm: 'HS256', audience: JWT_AUDIENCE, issuer: settings.publicBaseUrl, expiresIn: Math.max(1, Math.ceil(lifetimeMs / 1000)),
  });
  res.cookie(SESSION_COOKIE, token, cookieOptions(settings, lifetimeMs));
}

export function clearSessionCookie(settings: ConsoleSettings, res: Response): void {
  const { maxAge: _unused, ...options } = cookieOptions(settings, 0);
  res.clearCookie(SESSION_COOKIE, options);
}

/** The session id inside a valid cookie JWT, or undefined (absent, forged, expired cookie). */
function sessionIdFromCookie(settings: ConsoleSettings, req: Request): string | undefined {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return undefined;
  try {
    const payload = jwt.verify(token, settings.sessionSecret, { algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: settings.publicBaseUrl });
    const sid = typeof payload === 'object' ? (payload as { sid?: unknown }).sid : undefined;
    return typeof sid === 'string' && sid.length >= 32 ? sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds the request's session and enforces both limits on the server: idle (no request for
 * `idleTimeoutMs`) and absolute (`sessionMaxMs` after sign-in). An expired session's row is
 * deleted, so the same cookie never works again. Activity slides the idle limit and re-issues
 * the cookie.
 */
export async function resolveSession(deps: ConsoleDeps, req: Request, res: Response): Promise<ResolvedSession> {
  const sessionId = sessionIdFromCookie(deps.settings, req);
  if (!sessionId) return { kind: 'none' };
  const idHash = sha256(sessionId);
  const record = await deps.sessions.tryGet(idHash);
  if (!record) return { kind: 'none' };
  const now = deps.clock.now();
  const idleExpired = now.getTime() - record.lastSeenAt.getTime() >= deps.settings.idleTimeoutMs;
  if (idleExpired || now >= record.expiresAt) {
    await deps.sessions.delete(idHash);
    return { kind: 'expired', portalId: record.portalId, userId: record.userId };
  }
  const user = await activeConsoleUser(deps, record.portalId, record.userId);
  if (!user) {
    await deps.sessions.delete(idHash);
    return { kind: 'expired', portalId: record.portalId, userId: record.userId };
  }
  await deps.sessions.touch(idHash, now);
  const displayName = user.label ?? (await tryGetHubSpotUserName(deps.criteria, record.portalId, record.userId)) ?? `HubSpot user ${user.userId}`;
  const remainingMs = Math.min(deps.settings.idleTimeoutMs, record.expiresAt.getTime() - now.getTime()) + COOKIE_GRACE_MS;
  setSessionCookie(deps.settings, res, sessionId, remainingMs);
  return {
    kind: 'ok', sessionId,
    session: {
      idHash, portalId: record.portalId, userId: record.userId, role: user.role, displayName, csrfToken: csrfTokenFor(deps.settings, sessionId),
      createdAt: record.createdAt, expiresAt: record.expiresAt, authMethod: record.authMethod, authenticatedAt: record.authenticatedAt,
    },
  };
}

/** The signed-in session of a request that passed `requireSession`. */
export function sessionOf(res: Response): ConsoleSession {
  const session = res.locals.consoleSession as ConsoleSession | undefined;
  if (!session) throw new Error('console route used without requireSession');
  return session;
}
