import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../../app/errors';
import { acceptInvitation, openInvitation } from '../../../app/console-access/manage-console-users';
import { admitPasskeyUser, recordPasskeySignedIn } from '../../../app/console-access/console-session-events';
import type { ConsoleDeps } from './console.ports';
import { cookieOptions, readCookie, sha256, startSession } from './console-session';
import { renderInvitationPage } from './views/invitation.view';
import { authenticationOptions, credentialIdOf, registrationOptions, relyingPartyOf, verifyAuthentication, verifyRegistration } from './webauthn';

/** Binds a WebAuthn challenge to the browser that asked for it (HttpOnly, SameSite=Lax, path /console). */
const CEREMONY_COOKIE = 'cq_webauthn';
const CEREMONY_TTL_MS = 5 * 60_000;

const requestIdOf = (res: Response): string | undefined => (typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined);

/**
 * Passkeys, without a session: the invitation page and its registration ceremony, and sign-in
 * with a passkey. Each ceremony's challenge is single-use, expires in five minutes and is bound
 * to the browser by a cookie nonce; the JSON endpoints accept only application/json bodies, which
 * a cross-site form cannot send, and the SameSite=Lax nonce cookie is not sent cross-site anyway.
 */
export function createPasskeyRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const rp = relyingPartyOf(deps.settings.publicBaseUrl);
  const json = express.json({ limit: '16kb' });

  const issueChallenge = async (res: Response, purpose: 'register' | 'authenticate', challenge: string, invitationHash?: string) => {
    const nonce = randomBytes(32).toString('base64url');
    await deps.challenges.save(sha256(nonce), { purpose, challenge, invitationHash }, new Date(deps.clock.now().getTime() + CEREMONY_TTL_MS));
    res.cookie(CEREMONY_COOKIE, nonce, cookieOptions(deps.settings, CEREMONY_TTL_MS));
  };
  const takeChallenge = async (req: Request, res: Response, purpose: 'register' | 'authenticate') => {
    const nonce = readCookie(req, CEREMONY_COOKIE);
    const { maxAge: _unused, ...clear } = cookieOptions(deps.settings, 0);
    res.clearCookie(CEREMONY_COOKIE, clear);
    return nonce ? deps.challenges.consume(sha256(nonce), purpose, deps.clock.now()) : undefined;
  };
  const requireJson = (req: Request) => {
    if (!req.is('application/json') || typeof req.body !== 'object' || req.body === null) throw new AppError('request.unsupported_media_type', 'Send JSON.', { expose: true });
  };

  router.get('/invite/:token', async (req, res) => {
    const opened = await openInvitation(deps, req.params.token, requestIdOf(res));
    res.status(opened.kind === 'open' ? 200 : 410).type('html').send(renderInvitationPage(opened, req.params.token));
  });

  router.post('/invite/:token/options.json', json, async (req, res) => {
    requireJson(req);
    const opened = await openInvitation(deps, req.params.token, requestIdOf(res));
    if (opened.kind !== 'open') throw new AppError('invitation.invalid', 'This invitation was already used or has expired. Ask your CareQual admin for a new one.', { expose: true });
    const options = await registrationOptions(rp, opened.invitation);
    await issueChallenge(res, 'register', options.challenge, opened.invitation.tokenHash);
    res.json(options);
  });

  router.post('/invite/:token/register.json', json, async (req, res) => {
    requireJson(req);
    const pending = await takeChallenge(req, res, 'register');
    const opened = await openInvitation(deps, req.params.token, requestIdOf(res));
    if (opened.kind !== 'open') throw new AppError('invitation.invalid', 'This invitation was already used or has expired. Ask your CareQual admin for a new one.', { expose: true });
    if (!pending || pending.invitationHash !== opened.invitation.tokenHash) throw new AppError('passkey.invalid', 'That took too long or was started in another browser. Please try again.', { expose: true });
    const passkey = await verifyRegistration(rp, req.body, pending.challenge);
    const { invitation } = opened;
    await acceptInvitation(deps, invitation, passkey, requestIdOf(res));
    await startSession(deps, res, invitation.portalId, invitation.userId, 'passkey');
    await recordPasskeySignedIn(deps, { portalId: invitation.portalId, userId: invitation.userId, requestId: requestIdOf(res) });
    res.json({ redirect: '/console' });
  });

  router.post('/passkey/options.json', json, async (req, res) => {
    requireJson(req);
    const options = await authenticationOptions(rp);
    await issueChallenge(res, 'authenticate', options.challenge);
    res.json(options);
  });

  router.post('/passkey/verify.json', json, async (req, res) => {
    requireJson(req);
    const failed = () => new AppError('passkey.sign_in_failed', 'That passkey did not sign you in. If you were removed or CareQual was uninstalled, ask your admin.', { expose: true });
    const pending = await takeChallenge(req, res, 'authenticate');
    const credentialId = credentialIdOf(req.body);
    const passkey = credentialId ? await deps.passkeys.tryGet(credentialId) : undefined;
    if (!passkey) {
      // No portal to record it in: the passkey is unknown (removed, or never CareQual's). Ids only in the log.
      deps.logger.warn('console passkey sign-in: unknown credential', { code: 'passkey.unknown' });
      throw failed();
    }
    const counter = pending ? await verifyAuthentication(rp, req.body, pending.challenge, passkey) : undefined;
    const { admitted } = await admitPasskeyUser(deps, passkey, counter, requestIdOf(res));
    if (!admitted) throw failed();
    await startSession(deps, res, passkey.portalId, passkey.userId, 'passkey');
    await recordPasskeySignedIn(deps, { portalId: passkey.portalId, userId: passkey.userId, requestId: requestIdOf(res) });
    res.json({ redirect: '/console' });
  });

  return router;
}
