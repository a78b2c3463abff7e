import express, { Router, type ErrorRequestHandler } from 'express';
import { AppError, isAppError } from '../../../app/errors';
import { statusForCode } from '../error-status';
import { html } from './html';
import { createConsoleAssetsRouter } from './console-assets';
import { signOut } from '../../../app/console-access/console-session-events';
import type { ConsoleDeps } from './console.ports';
import { consoleSecurityHeaders, requireCsrfToken, requireSession, scopeToSessionPortal, wantsJson } from './console-security.middleware';
import { clearSessionCookie, sessionOf, userRequestOf } from './console-session';
import { createSignInRouter } from './sign-in.routes';
import { renderPage } from './views/layout.view';
import { pageUserOf } from './console-page';
import { createCriteriaRouter } from './criteria.routes';
import { createTryLeadRouter } from './try-lead.routes';
import { createAuditRouter } from './audit.routes';
import { createHealthRouter } from './health.routes';
import { createSimulateRouter } from './simulate.routes';
import { createAccessRouter } from './access.routes';
import { enforceAccessTable } from './access-table';
import { createPasskeyRouter } from './passkey.routes';
import { SIGN_IN_PATHS, throttleSignIn } from './sign-in-throttle.middleware';
import { createSafetyRouter } from './safety.routes';
import { createEffectivenessRouter } from './effectiveness.routes';
import { createSignalSettingsRouter } from './effectiveness-signals.routes';

/** Form bodies of the console; the criteria form is the largest. */
export const CONSOLE_FORM_LIMIT = '256kb';

/**
 * The console at `/console`: strict security headers on everything, static assets, sign-in and
 * passkey ceremonies without a session, then session → portal scope → CSRF → the access table
 * (access-table.ts: role and recent sign-in per route) in front of every page.
 * Errors render as a console page (or JSON for the polling endpoints).
 */
export function createConsoleRouter(deps: ConsoleDeps): Router {
  const outer = Router();
  const router = Router();
  outer.use('/console', router);

  router.use(consoleSecurityHeaders(deps.settings.publicBaseUrl));
  router.use(createConsoleAssetsRouter());
  router.use(SIGN_IN_PATHS, throttleSignIn(deps.signInAttempts, deps.logger));
  router.use(createSignInRouter(deps));
  router.use(createPasskeyRouter(deps));

  const signedIn = Router();
  signedIn.use(requireSession(deps));
  signedIn.use(express.urlencoded({ extended: false, limit: CONSOLE_FORM_LIMIT, parameterLimit: 5000 }));
  signedIn.use(express.json({ limit: '16kb' }));
  signedIn.use(scopeToSessionPortal(deps));
  signedIn.use(requireCsrfToken());
  signedIn.use(enforceAccessTable(deps));
  signedIn.get('/', (_req, res) => res.redirect(303, '/console/criteria'));
  signedIn.get('/session.json', (_req, res) => {
    const session = sessionOf(res);
    res.json({ role: session.role, idleMs: deps.settings.idleTimeoutMs, expiresAt: session.expiresAt.toISOString() });
  });
  signedIn.post('/sign-out', async (_req, res) => {
    const session = sessionOf(res);
    await signOut(deps, session.idHash, userRequestOf(res));
    clearSessionCookie(deps.settings, res);
    res.redirect(303, '/console/sign-in?signed_out=1');
  });
  signedIn.use(createCriteriaRouter(deps));
  signedIn.use(createTryLeadRouter(deps));
  signedIn.use(createSimulateRouter(deps));
  signedIn.use(createAuditRouter(deps));
  signedIn.use(createHealthRouter(deps));
  signedIn.use(createAccessRouter(deps));
  signedIn.use(createSafetyRouter(deps));
  signedIn.use(createEffectivenessRouter(deps));
  signedIn.use(createSignalSettingsRouter(deps));
  router.use(signedIn);
  router.use((_req, _res, next) => next(new AppError('not_found', 'No such page.', { expose: true })));
  router.use(consoleErrorHandler(deps));
  return outer;
}

const TITLES: Record<number, string> = { 400: 'That did not work', 401: 'Sign-in needed', 403: 'Not allowed', 409: 'Not possible', 429: 'Too many attempts', 410: 'Link no longer valid', 404: 'Page not found', 413: 'Too much at once', 422: 'Please check your entries' };

function consoleErrorHandler(deps: ConsoleDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = isAppError(err) ? err : new AppError('internal_error', 'Unexpected error', { cause: err });
    const status = statusForCode(appError.code);
    if (status >= 500) deps.logger.error('console request failed', { code: appError.code, error: err });
    if (res.headersSent) return;
    if (appError.retryAfterMs !== undefined && status === 429) res.set('Retry-After', String(Math.ceil(appError.retryAfterMs / 1000)));
    const message = appError.expose ? appError.message : 'Something went wrong on our side. Please try again.';
    const code = status >= 500 && !appError.expose ? 'internal_error' : appError.code;
    if (wantsJson(req)) return void res.status(status).json({ error: { code, message } });
    const session = res.locals.consoleSession as ReturnType<typeof sessionOf> | undefined;
    const user = session && pageUserOf(deps, session);
    res.status(status).type('html').send(renderPage({ title: TITLES[status] ?? 'Something went wrong', user }, html`<div class="card">
      <h1>${TITLES[status] ?? 'Something went wrong'}</h1>
      <p>${message}</p>
      <p class="muted small">Error code: <span class="mono">${code}</span></p>
      <p><a class="btn" href="/console">Back to the console</a></p>
    </div>`));
  };
}
