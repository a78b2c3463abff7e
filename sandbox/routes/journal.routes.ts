import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { HubSpotHttpError, authenticationError, buildErrorBody, validationError } from '../hubspot-errors';
import type { SandboxContext } from '../sandbox-context';
import { JOURNAL_SCOPES, type AppToken, type JournalSubscription } from '../webhooks-journal';

const appOf = (res: Response): AppToken => res.locals.appToken as AppToken;

/**
 * The webhooks journal under `/webhooks-journal` (2026-03 spec, global journal and lifecycle
 * subscriptions). Only app-level client-credentials tokens are accepted (the guide: "the
 * webhooks journal API uses a client credentials token"); a portal's OAuth token is refused
 * like an unknown one. Each route needs its spec scope (403 MISSING_SCOPES otherwise). The spec
 * marks these paths exempt from the daily and ten-secondly limits, so no rate limit applies.
 */
export function createJournalRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.use((req, res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    const token = ctx.journal.authenticate(bearer);
    if (!token) return next(authenticationError(bearer ? 'invalid' : 'missing'));
    res.locals.appToken = token;
    next();
  });
  router.use(express.json());

  const read = requireScope(JOURNAL_SCOPES.read);
  router.get('/journal/2026-03/batch/earliest/:count', read, (req, res) => res.json(ctx.journal.batchAfter(appOf(res).appId, undefined, Number(req.params.count))));
  router.get('/journal/2026-03/batch/:offset/next/:count', read, (req, res) => res.json(ctx.journal.batchAfter(appOf(res).appId, String(req.params.offset), Number(req.params.count))));

  const write = requireScope(JOURNAL_SCOPES.subscriptionsWrite);
  const list = requireScope(JOURNAL_SCOPES.subscriptionsRead);
  router.post('/subscriptions/2026-03', write, (req, res) => {
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw validationError('the body must be a SubscriptionUpsertRequest');
    res.json(subscriptionJson(ctx.journal.upsertSubscription(appOf(res).appId, req.body as Record<string, unknown>)));
  });
  router.get('/subscriptions/2026-03', list, (_req, res) => res.json({ results: ctx.journal.listSubscriptions(appOf(res).appId).map(subscriptionJson) }));
  router.get('/subscriptions/2026-03/:id', list, (req, res) => res.json(subscriptionJson(ctx.journal.getSubscription(appOf(res).appId, Number(req.params.id)))));
  router.delete('/subscriptions/2026-03/portals/:portalId', write, (req, res) => {
    ctx.journal.deletePortalSubscriptions(appOf(res).appId, Number(req.params.portalId));
    res.status(204).end();
  });
  router.delete('/subscriptions/2026-03/:id', write, (req, res) => {
    ctx.journal.deleteSubscription(appOf(res).appId, Number(req.params.id));
    res.status(204).end();
  });
  return router;
}

/** The pre-signed journal file URLs (`url` of a JournalFetchResponse): no bearer, the URL is the credential. */
export function createJournalFileRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get('/:offset', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    res.json(ctx.journal.readFile(String(req.params.offset), q.expires, q.signature));
  });
  return router;
}

/** 403 MISSING_SCOPES in HubSpot's shape unless the app token holds one of `scopes`. */
function requireScope(scopes: readonly string[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (appOf(res).scopes.some((s) => scopes.includes(s))) return next();
    next(new HubSpotHttpError(403, buildErrorBody('MISSING_SCOPES', 'This app hasn\'t been granted all required scopes to make this call.', {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scopes[0]!] } }],
    })));
  };
}

/** A `SubscriptionResponse` (for lifecycle subscriptions objectTypeId carries the event type id). */
function subscriptionJson(s: JournalSubscription): Record<string, unknown> {
  if (s.subscriptionType === 'OBJECT') {
    return {
      id: s.id, appId: s.appId, portalId: s.portalId, subscriptionType: s.subscriptionType, objectTypeId: s.objectTypeId,
      objectIds: s.objectIds, properties: s.properties, actions: s.actions, createdAt: s.createdAt, updatedAt: s.updatedAt,
    };
  }
  return {
    id: s.id, appId: s.appId, ...(s.portalId !== undefined ? { portalId: s.portalId } : {}), subscriptionType: s.subscriptionType,
    objectTypeId: s.eventTypeId, properties: s.properties, actions: s.actions, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}
