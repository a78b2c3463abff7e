import type { Request, RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import { recordAccessDenied } from '../../../app/console-access/console-session-events';
import type { ConsoleDeps } from './console.ports';
import { clearSessionCookie, csrfMatches, resolveSession, sessionOf, userRequestOf } from './console-session';

// Nothing frames the console (HubSpot shows the app card and settings page as UI extensions and
// links out to the console), so nothing may: clickjacking is off the table (issue 18).
const FRAME_ANCESTORS = "'none'";

/**
 * Console pages get a stricter policy than the app default: nothing inline (no script, no
 * style attribute), nothing from another origin, forms post only to CareQual, no framing at
 * all. Pages are never cached (they show practice data).
 */
export function consoleSecurityHeaders(publicBaseUrl: string): RequestHandler {
  const directives = [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "object-src 'none'", "manifest-src 'self'",
    `frame-ancestors ${FRAME_ANCESTORS}`,
    ...(publicBaseUrl.startsWith('https:') ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', directives);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  };
}

export const wantsJson = (req: Request): boolean => req.path.endsWith('.json') || (req.get('accept') ?? '').startsWith('application/json');

/**
 * Lets only signed-in users of an active installation through. No session or an expired one:
 * pages redirect to the sign-in page (saying why), JSON endpoints answer 401.
 */
export function requireSession(deps: ConsoleDeps): RequestHandler {
  return async (req, res, next) => {
    const resolved = await resolveSession(deps, req, res);
    if (resolved.kind === 'ok') {
      res.locals.consoleSession = resolved.session;
      return next();
    }
    clearSessionCookie(deps.settings, res);
    const expired = resolved.kind === 'expired';
    if (wantsJson(req)) {
      return next(new AppError(expired ? 'auth.session_expired' : 'auth.required', expired ? 'Your session ended. Sign in again.' : 'Sign in first.', { expose: true }));
    }
    res.redirect(303, `/console/sign-in${expired ? '?ended=1' : ''}`);
  };
}

const PORTAL_KEYS = ['portalId', 'portal_id', 'hubId', 'hub_id', 'portal'];

/**
 * Every console route works on the session's portal only. A portal id in the URL, query or
 * form that is not the session's answers 404, the same as a page that does not exist, so
 * nobody learns which other portals use CareQual.
 */
export function scopeToSessionPortal(deps: Pick<ConsoleDeps, 'audit'>): RequestHandler {
  return async (req, res, next) => {
    const { portalId } = sessionOf(res);
    const sources = [req.params, req.query, (req.body ?? {}) as Record<string, unknown>];
    for (const source of sources) {
      for (const key of PORTAL_KEYS) {
        const value = (source as Record<string, unknown>)[key];
        if (value !== undefined && String(value) !== String(portalId)) {
          // Recorded in the user's own portal's log (never the other portal's): who tried, not what was there.
          await recordAccessDenied(deps, userRequestOf(res), 'portal.not_found');
          return next(new AppError('not_found', 'No such page.', { expose: true }));
        }
      }
    }
    next();
  };
}

/** Every change (POST, PUT, PATCH, DELETE) must carry the session's CSRF token (form field or header). */
export function requireCsrfToken(): RequestHandler {
  return (req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const given = body._csrf ?? req.get('x-csrf-token');
    if (!csrfMatches(sessionOf(res).csrfToken, given)) return next(new AppError('csrf.invalid', 'This form expired or did not come from CareQual. Reload the page and try again.', { expose: true }));
    next();
  };
}
