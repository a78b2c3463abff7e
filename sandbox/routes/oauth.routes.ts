import express, { Router, type Response } from 'express';
import { notFoundError, validationError } from '../hubspot-errors';
import { oauthError } from '../oauth';
import type { SandboxContext } from '../sandbox-context';
import { grantScopes } from '../scopes';
import type { Portal } from '../state/crm-types';
import { accessTokenInfo, refreshTokenInfo } from './token-info';
import { renderConsentPage, renderErrorPage } from './consent-page';

type Form = Record<string, string | undefined>;

/**
 * OAuth: the install/consent page (`/oauth/authorize`), the token endpoints
 * (`/oauth/2026-03/token`, `/oauth/v3/token`, `/oauth/v1/token`), introspection and
 * revocation, and the legacy token-info endpoints.
 */
export function createOAuthRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });
  router.get('/authorize', (req, res) => authorize(ctx, req.query as Form, res, req.query.auto_approve === '1' ? 'approve' : undefined));
  router.post('/authorize', form, (req, res) => {
    const body = (req.body ?? {}) as Form;
    authorize(ctx, body, res, body.decision === 'deny' ? 'deny' : 'approve');
  });
  for (const version of ['v1', 'v3', '2026-03']) {
    router.post(`/${version}/token`, form, (req, res) => {
      const body = (req.body ?? {}) as Form;
      if (body.grant_type === 'authorization_code') return void res.json(ctx.oauth.exchangeCode(body));
      if (body.grant_type === 'refresh_token') return void res.json(ctx.oauth.refresh(body));
      if (body.grant_type === 'client_credentials') return void res.json(ctx.journal.issueAppToken(ctx.oauth.findAppByClientId(body.client_id), body));
      throw oauthError('BAD_GRANT_TYPE', 'unsupported_grant_type', `grant_type must be authorization_code, refresh_token or client_credentials, got ${String(body.grant_type)}`);
    });
  }
  for (const version of ['v3', '2026-03']) {
    router.post(`/${version}/token/introspect`, form, (req, res) => {
      const body = (req.body ?? {}) as Form;
      const described = describeForClient(ctx, body);
      res.json(described.kind === 'access' ? accessTokenInfo(ctx, described, true) : refreshTokenInfo(described, true));
    });
    router.post(`/${version}/token/revoke`, form, (req, res) => {
      const body = (req.body ?? {}) as Form;
      const described = describeForClient(ctx, body);
      if (described.kind === 'refresh') ctx.oauth.revokeRefreshToken(described.info.token);
      res.status(204).end();
    });
  }
  router.get('/v1/access-tokens/:token', (req, res) => {
    const described = ctx.oauth.describeToken(req.params.token);
    if (!described || described.kind !== 'access') throw notFoundError('access token not found');
    res.json(accessTokenInfo(ctx, described, false));
  });
  router.get('/v1/refresh-tokens/:token', (req, res) => {
    const described = ctx.oauth.describeToken(req.params.token);
    if (!described || described.kind !== 'refresh' || !described.active) throw notFoundError('refresh token not found');
    res.json(refreshTokenInfo(described, false));
  });
  router.delete('/v1/refresh-tokens/:token', (req, res) => {
    if (!ctx.oauth.revokeRefreshToken(req.params.token)) throw notFoundError('refresh token not found');
    res.status(204).end();
  });
  return router;
}

function describeForClient(ctx: SandboxContext, body: Form) {
  if (!body.token) throw validationError('token is required');
  const app = ctx.oauth.findAppByClientId(body.client_id);
  if (!app) throw oauthError('BAD_CLIENT_ID', 'invalid_client', 'missing or unknown client id');
  if (app.clientSecret !== body.client_secret) throw oauthError('BAD_CLIENT_SECRET', 'invalid_client', 'missing or invalid client secret');
  const described = ctx.oauth.describeToken(body.token);
  if (!described || described.app.appId !== app.appId) throw notFoundError('token not found');
  return described;
}

/**
 * Shows the consent page, or (approve/deny decided) redirects back to the app. Sandbox-only
 * parameters `portal_id`, `user_id` and `auto_approve=1` let tests install headlessly.
 */
function authorize(ctx: SandboxContext, params: Form, res: Response, decision: 'approve' | 'deny' | undefined): void {
  const app = ctx.oauth.findAppByClientId(params.client_id);
  if (!app) return void res.status(400).type('html').send(renderErrorPage('Unknown app', `No app has the client id "${params.client_id ?? ''}".`));
  const redirectUri = params.redirect_uri ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return void res.status(400).type('html').send(renderErrorPage('Redirect URL mismatch', `"${redirectUri}" is not a redirect URL of app ${app.appId}.`));
  }
  const required = splitScopes(params.scope);
  const optional = splitScopes(params.optional_scope);
  const declared = grantScopes(app, { tier: 'enterprise', sensitiveData: true }, required, optional);
  if (!declared.ok) return void res.status(400).type('html').send(renderErrorPage(declared.title, declared.detail));
  const target = new URL(redirectUri);
  if (decision === 'deny') {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user declined to install the app.');
    if (params.state) target.searchParams.set('state', params.state);
    return void res.redirect(302, target.toString());
  }
  if (decision !== 'approve') {
    const portals = [...ctx.store.portals.values()].map((p) => ({ portalId: p.portalId, users: p.users }));
    return void res.type('html').send(renderConsentPage({ app, params, required, optional, portals }));
  }
  const { portal, ...grant } = resolveInstaller(ctx, params);
  const user = portal.users.find((u) => u.id === grant.userId)!;
  // Only Super Admins and users with Marketplace Access can install (authorize) apps; HubSpot
  // tells others so on its own page and does not redirect (knowledge.hubspot.com, "Install apps").
  if (!user.superAdmin && !user.marketplaceAccess) {
    return void res.status(403).type('html').send(renderErrorPage('You cannot install apps in this account', `User ${user.email} is not a Super Admin and has no Marketplace Access permission in account ${portal.portalId}. Ask a Super Admin.`));
  }
  const granted = grantScopes(app, portal, required, optional);
  if (!granted.ok) return void res.status(400).type('html').send(renderErrorPage(granted.title, granted.detail));
  const code = ctx.oauth.approve({ appId: app.appId, ...grant, scopes: granted.scopes, redirectUri });
  target.searchParams.set('code', code);
  if (params.state) target.searchParams.set('state', params.state);
  ctx.log(`oauth: app ${app.appId} installed in portal ${grant.portalId}`);
  res.redirect(302, target.toString());
}

/**
 * The portal and user approving: as given (created if that portal id is new), a new portal
 * for an empty `portal_id` ("New test account"), else the first portal (created if none).
 */
function resolveInstaller(ctx: SandboxContext, params: Form): { portal: Portal; portalId: number; userId: number; userEmail: string } {
  const wantedPortal = params.portal_id ? Number(params.portal_id) : undefined;
  const existing = params.portal_id === '' ? undefined
    : wantedPortal !== undefined ? ctx.store.portals.get(wantedPortal) : [...ctx.store.portals.values()][0];
  const portal = existing ?? ctx.store.createPortal({ portalId: wantedPortal });
  const user = params.user_id ? portal.users.find((u) => String(u.id) === params.user_id) : portal.users.find((u) => u.superAdmin) ?? portal.users[0];
  if (!user) throw validationError(`user ${params.user_id ?? ''} is not a user of portal ${portal.portalId}`);
  return { portal, portalId: portal.portalId, userId: user.id, userEmail: user.email };
}

function splitScopes(value: string | undefined): string[] {
  return (value ?? '').split(/[\s+,]+/).filter(Boolean);
}
