import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../../app/errors';
import { OAUTH_STATE_TTL_MS, type InstallPortal } from '../../../app/install-portal';
import { currentContext } from '../../../observability/context';
import type { Logger } from '../../../observability/logger';
import { INSTALLED_FROM_MARKETPLACE, pageForInstallError, renderPage } from '../views/oauth-pages';

/** The cookie binding an install to the browser that started it (a random nonce; only its hash is stored). */
export const INSTALL_COOKIE = 'carequal_install';
const COOKIE_PATH = '/oauth';

export interface OAuthRoutesDeps {
  install: Pick<InstallPortal, 'start' | 'complete'>;
  publicBaseUrl: string;
  /** HUBSPOT_AUTH_BASE_URL: a marketplace install's `returnUrl` must lead back to HubSpot. */
  hubspotAuthBaseUrl: string;
  logger: Logger;
}

/**
 * `GET /oauth/install` → 302 to HubSpot's authorize page with a fresh state, setting the nonce
 * cookie (HttpOnly, SameSite=Lax so it comes back on HubSpot's top-level redirect, Secure when
 * CareQual is served over https). `GET /oauth/callback` → finishes the install and lands the
 * admin on the console, or shows a plain error page.
 *
 * Installs started on HubSpot's marketplace arrive with `code` and `returnUrl` but no `state`
 * and no cookie (developers.hubspot.com/docs/apps/developer-platform/list-apps/understand-app-install-flow,
 * "without partner sign in": exchange the code, then send the user back to `returnUrl`, or
 * they loop). Only a callback with no `state` parameter at all counts as one; it installs but
 * never signs the browser in (no login CSRF: a forged link could only install the forger's own
 * account), and it goes back to HubSpot, or to an "Installed, now sign in" page.
 */
export function createOAuthRouter(deps: OAuthRoutesDeps): Router {
  const router = Router();
  const secure = deps.publicBaseUrl.startsWith('https://');

  router.get('/oauth/install', async (_req, res) => {
    try {
      const { authorizeUrl, browserNonce } = await deps.install.start();
      res.cookie(INSTALL_COOKIE, browserNonce, { httpOnly: true, secure, sameSite: 'lax', path: COOKIE_PATH, maxAge: OAUTH_STATE_TTL_MS });
      res.set('Cache-Control', 'no-store');
      res.redirect(302, authorizeUrl);
    } catch (error) {
      sendErrorPage(res, error, deps.logger);
    }
  });

  router.get('/oauth/callback', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.clearCookie(INSTALL_COOKIE, { httpOnly: true, secure, sameSite: 'lax', path: COOKIE_PATH });
    try {
      const browserNonce = readCookie(req, INSTALL_COOKIE);
      const fromMarketplace = !('state' in req.query) && browserNonce === undefined;
      const done = await deps.install.complete({
        code: queryString(req, 'code'), state: queryString(req, 'state'), error: queryString(req, 'error'),
        browserNonce, fromMarketplace, requestId: currentContext()?.requestId,
      });
      deps.logger.info('portal installed', { portalId: done.portalId, firstInstall: done.firstInstall, criteriaVersion: done.criteriaVersion, fromMarketplace: done.fromMarketplace });
      if (!done.fromMarketplace) return res.redirect(302, `/console?portalId=${done.portalId}`);
      const returnUrl = hubSpotReturnUrl(queryString(req, 'returnUrl'), deps.hubspotAuthBaseUrl);
      if (returnUrl) return res.redirect(302, returnUrl);
      res.status(200).type('html').send(renderPage(INSTALLED_FROM_MARKETPLACE));
    } catch (error) {
      sendErrorPage(res, error, deps.logger);
    }
  });
  return router;
}

function sendErrorPage(res: Response, error: unknown, logger: Logger): void {
  const code = isAppError(error) ? error.code : 'internal_error';
  const page = pageForInstallError(code);
  if (page.status >= 500) logger.error('install failed', { code, error });
  else logger.info('install refused', { code, reason: (error as { reason?: string }).reason });
  res.status(page.status).type('html').send(renderPage(page));
}

/**
 * `returnUrl` when it leads back to HubSpot (the configured auth host, or an https host under
 * hubspot.com such as app-eu1.hubspot.com); anything else is dropped, so the callback is no open redirect.
 */
export function hubSpotReturnUrl(value: string | undefined, hubspotAuthBaseUrl: string): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const hubspotHost = url.protocol === 'https:' && (url.hostname === 'hubspot.com' || url.hostname.endsWith('.hubspot.com'));
  return hubspotHost || url.origin === new URL(hubspotAuthBaseUrl).origin ? url.toString() : undefined;
}

/** A single string query parameter; arrays and objects (`?a[b]=`) count as absent. */
function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 2048 ? value : undefined;
}

/** Reads one cookie from the header (no cookie-parser dependency for one value). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
