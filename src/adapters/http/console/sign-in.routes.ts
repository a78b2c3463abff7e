import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../../app/errors';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../hubspot/oauth-scopes';
import { html } from './html';
import { admitCrmUser, recordSignedIn } from '../../../app/console-access/sign-in-with-crm';
import type { ConsoleDeps } from './console.ports';
import { CONSOLE_ASSETS } from './console-assets';
import { SIGN_IN_COOKIE, cookieOptions, readCookie, sha256, startSession } from './console-session';
import { renderPage } from './views/layout.view';

const SIGN_IN_STATE_TTL_MS = 10 * 60 * 1000;

export const signInRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl}/console/auth/callback`;

/**
 * Sign in with HubSpot (identity only). `/console/sign-in/start` binds a single-use state to
 * this browser (a nonce cookie, hashed in `oauth_states`) and sends the user to HubSpot's
 * authorize page; the callback checks the state against the same browser, exchanges the code,
 * learns the user and portal from token info, and lets in only users of an active installation.
 */
export function createSignInRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    const ended = req.query.ended === '1';
    const signedOut = req.query.signed_out === '1';
    const reauth = req.query.reauth === '1';
    const failure = typeof req.query.failed === 'string' ? SIGN_IN_FAILURES[req.query.failed] : undefined;
    const notice = failure ? { kind: 'error' as const, text: failure }
      : reauth ? { kind: 'info' as const, text: 'Managing users and publishing need a recent sign-in. Please sign in again to continue.' }
      : ended ? { kind: 'info' as const, text: 'You were signed out after a period of inactivity. Sign in again to continue.' }
      : signedOut ? { kind: 'success' as const, text: 'You are signed out.' } : undefined;
    res.type('html').send(renderPage({ title: 'Sign in', notice, scripts: [CONSOLE_ASSETS.webauthn.url, CONSOLE_ASSETS.passkey.url] }, html`<div class="signin"><div class="card">
      <span class="brand-mark" aria-hidden="true">CQ</span>
      <h1>Sign in to CareQual</h1>
      <p>Set qualification criteria, try leads and review the audit log for your practice's HubSpot account.</p>
      <a class="btn btn-hubspot" href="/console/sign-in/start">Sign in with HubSpot</a>
      <p class="small">CareQual uses this only to learn who you are; the tokens HubSpot issues for it are revoked at once. Your HubSpot account must have CareQual installed.</p>
      <p class="small">HubSpot lets only Super Admins and users with the Marketplace Access permission approve an app, so only they can sign in with HubSpot. If HubSpot says you cannot install apps, ask your practice admin for a CareQual console invitation instead.</p>
      <h2>Invited by your practice?</h2>
      <div class="notice notice-error" role="alert" data-passkey-error hidden></div>
      <button class="btn" type="button" data-passkey="sign-in" data-options-url="/console/passkey/options.json" data-verify-url="/console/passkey/verify.json">Sign in with a passkey</button>
    </div></div>`));
  });

  router.get('/sign-in/start', async (_req, res) => {
    const state = randomBytes(32).toString('base64url');
    const browserNonce = randomBytes(32).toString('base64url');
    const expiresAt = new Date(deps.clock.now().getTime() + SIGN_IN_STATE_TTL_MS);
    await deps.signInStates.create({ stateHash: sha256(state), browserHash: sha256(browserNonce), purpose: 'console_sign_in', expiresAt });
    res.cookie(SIGN_IN_COOKIE, browserNonce, cookieOptions(deps.settings, SIGN_IN_STATE_TTL_MS));
    const url = new URL('/oauth/authorize', deps.settings.hubspotAuthBaseUrl);
    url.searchParams.set('client_id', deps.settings.hubspotClientId);
    url.searchParams.set('redirect_uri', signInRedirectUri(deps.settings.publicBaseUrl));
    // HubSpot refuses an authorize URL that lacks any of the app's required scopes (a sign-in is an
    // authorization like the install); the optional ones keep the grant the same as the install's.
    url.searchParams.set('scope', REQUIRED_SCOPES.join(' '));
    url.searchParams.set('optional_scope', OPTIONAL_SCOPES.join(' '));
    url.searchParams.set('state', state);
    res.redirect(303, url.toString());
  });

  router.get('/auth/callback', async (req, res) => handleCallback(deps, req, res));

  return router;
}

const SIGN_IN_FAILURES: Record<string, string> = {
  denied: 'Sign-in was cancelled in HubSpot, or HubSpot did not let your user approve apps (only Super Admins and users with Marketplace Access can). Ask your practice admin for a console invitation.',
  state: 'That sign-in link expired or was started in another browser. Please try again.',
  not_installed: 'CareQual is not installed in that HubSpot account (or was uninstalled). Ask your HubSpot super admin to install it first.',
  hubspot: 'HubSpot did not confirm your sign-in. Please try again.',
};

async function handleCallback(deps: ConsoleDeps, req: Request, res: Response): Promise<void> {
  const fail = (reason: keyof typeof SIGN_IN_FAILURES) => res.redirect(303, `/console/sign-in?failed=${reason}`);
  const state = typeof req.query.state === 'string' ? req.query.state : '';
  const nonce = readCookie(req, SIGN_IN_COOKIE) ?? '';
  const { maxAge: _unused, ...clearOptions } = cookieOptions(deps.settings, 0);
  res.clearCookie(SIGN_IN_COOKIE, clearOptions);
  const consumed = state && nonce ? await deps.signInStates.consume({ stateHash: sha256(state), browserHash: sha256(nonce), purpose: 'console_sign_in', now: deps.clock.now() }) : undefined;
  if (!consumed?.ok) return fail('state');
  if (typeof req.query.error === 'string') return fail('denied');
  const code = typeof req.query.code === 'string' ? req.query.code : '';
  if (!code) return fail('state');

  let identity;
  try {
    identity = await deps.identity.identify(code, signInRedirectUri(deps.settings.publicBaseUrl));
  } catch (error) {
    deps.logger.warn('console sign-in: HubSpot refused the code', { code: error instanceof AppError ? error.code : 'unknown' });
    return fail('hubspot');
  }
  const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
  const decision = await admitCrmUser(deps, identity, requestId);
  if (!decision.admitted) return fail(decision.reason);
  await startSession(deps, res, identity.portalId, identity.userId, 'hubspot');
  await recordSignedIn(deps, identity, requestId);
  res.redirect(303, '/console');
}
