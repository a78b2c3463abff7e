import express, { type Express } from 'express';
import { authenticate, enforceRateLimit, errorHandler, countRateLimited, notFoundHandler } from './api-guard.middleware';
import { callerOf, type SandboxContext } from './sandbox-context';
import type { SandboxController } from './sandbox-controller';
import { createControlRoutes } from './routes/control.routes';
import { createJournalFileRoutes, createJournalRoutes } from './routes/journal.routes';
import { createOAuthRoutes } from './routes/oauth.routes';
import { createObjectRoutes } from './routes/objects.routes';
import { createOwnerRoutes } from './routes/owners.routes';
import { createUserRoutes } from './routes/users.routes';
import { createWorkflowControlRoutes } from './routes/workflow-control.routes';
import { createPropertyRoutes } from './routes/properties.routes';
import { guardSensitiveData, requireRouteScopes } from './sensitive-data.guard';

/**
 * The sandbox's HTTP surface. API routes pass, in order: token check and counting →
 * injected faults → per-portal rate limit → the token's scopes → JSON body → Sensitive Data
 * rules (objects, properties) → route. OAuth routes get faults only;
 * `/_sandbox` control routes get neither.
 */
export function createSandboxApp(ctx: SandboxContext, controller: SandboxController & { url: string }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use('/_sandbox', createControlRoutes(controller));
  app.use('/_sandbox', createWorkflowControlRoutes(ctx.workflows));
  const faults = ctx.faults.middleware((req) => countRateLimited(ctx, req.res!));
  app.use('/oauth', faults, createOAuthRoutes(ctx));
  app.use('/webhooks-journal', faults, createJournalRoutes(ctx));
  app.use('/_journal-files', faults, createJournalFileRoutes(ctx));
  const api = [authenticate(ctx), faults, enforceRateLimit(ctx), requireRouteScopes(), express.json({ limit: '10mb' })];
  for (const base of ['/crm/v3/objects', '/crm/objects/2026-03']) app.use(base, ...api, guardSensitiveData(ctx, 'objects'), createObjectRoutes(ctx));
  for (const base of ['/crm/v3/properties', '/crm/properties/2026-03']) app.use(base, ...api, guardSensitiveData(ctx, 'properties'), createPropertyRoutes(ctx));
  for (const base of ['/crm/v3/owners', '/crm/owners/2026-03']) app.use(base, ...api, createOwnerRoutes(ctx));
  app.use('/settings/v3/users', ...api, createUserRoutes(ctx));
  for (const base of ['/appinstalls/v3/external-install', '/appinstalls/2026-03/external-install']) {
    app.delete(base, ...api, (_req, res) => {
      const token = callerOf(res);
      ctx.oauth.uninstall(token.portalId, token.appId);
      res.status(204).end();
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
