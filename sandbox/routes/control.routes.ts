import express, { Router, type Request } from 'express';
import { validationError } from '../hubspot-errors';
import type { SandboxController } from '../sandbox-controller';

const portalId = (req: Request): number => Number(req.params.portalId);
const body = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;

/**
 * The sandbox's own control API under `/_sandbox` (JSON), for the demo, benchmarks and
 * tests running the sandbox as a separate process. Not part of HubSpot's API.
 */
export function createControlRoutes(sandbox: SandboxController & { url: string }): Router {
  const router = Router();
  router.use(express.json({ limit: '50mb' }));
  router.get('/health', (_req, res) => res.json({ ok: true, url: sandbox.url, now: sandbox.now() }));
  router.post('/apps', (req, res) => {
    sandbox.registerApp(body(req) as never);
    res.status(201).json({ ok: true });
  });
  router.post('/portals', (req, res) => res.status(201).json(sandbox.createPortal(body(req))));
  router.post('/installs', (req, res) => res.status(201).json(sandbox.approveInstall(body(req) as never)));
  router.post('/installs/tokens', (req, res) => res.status(201).json(sandbox.installApp(body(req) as never)));
  router.put('/portals/:portalId/account', (req, res) => res.json(sandbox.setAccount(portalId(req), body(req) as never)));
  router.delete('/portals/:portalId/installs/:appId', (req, res) => {
    sandbox.uninstallApp(portalId(req), Number(req.params.appId));
    res.status(204).end();
  });
  router.post('/portals/:portalId/contacts', async (req, res) => {
    const { contacts, ...opts } = body(req) as { contacts?: Record<string, string>[] };
    if (!Array.isArray(contacts)) throw validationError('"contacts" must be an array of property maps');
    res.status(201).json({ ids: await sandbox.createContacts(portalId(req), contacts, opts) });
  });
  router.get('/portals/:portalId/contacts', (req, res) => res.json({ results: sandbox.listContacts(portalId(req)) }));
  router.get('/portals/:portalId/contacts/:id', (req, res) => {
    const contact = sandbox.getContact(portalId(req), req.params.id!);
    if (!contact) return void res.status(404).json({ message: 'contact not found' });
    res.json(contact);
  });
  router.patch('/portals/:portalId/contacts/:id', async (req, res) => {
    const { properties, ...opts } = body(req) as { properties?: Record<string, string> };
    await sandbox.updateContact(portalId(req), req.params.id!, properties ?? {}, opts);
    res.status(204).end();
  });
  router.delete('/portals/:portalId/contacts/:id', async (req, res) => {
    if (req.query.privacy === 'true') await sandbox.privacyDeleteContact(portalId(req), req.params.id!);
    else await sandbox.deleteContact(portalId(req), req.params.id!);
    res.status(204).end();
  });
  router.post('/portals/:portalId/contacts/merge', async (req, res) => {
    const { primaryId, mergedId } = body(req) as { primaryId: string; mergedId: string };
    res.json({ id: await sandbox.mergeContacts(portalId(req), String(primaryId), String(mergedId)) });
  });
  router.get('/portals/:portalId/tasks', (req, res) => res.json({ results: sandbox.listTasks(portalId(req)) }));
  router.get('/portals/:portalId/properties', (req, res) => res.json({ results: sandbox.listProperties(portalId(req), req.query.objectType === 'tasks' ? 'tasks' : 'contacts') }));
  router.get('/portals/:portalId/counters', (req, res) => res.json(sandbox.counters(portalId(req))));
  router.put('/portals/:portalId/validation-rule', (req, res) => {
    sandbox.setValidationRule(portalId(req), Object.keys(body(req)).length > 0 ? body(req) : undefined);
    res.status(204).end();
  });
  router.put('/faults', (req, res) => {
    sandbox.setFaults(body(req) as never);
    res.status(204).end();
  });
  router.put('/rate-limit', (req, res) => {
    sandbox.setRateLimit(body(req) as never);
    res.status(204).end();
  });
  router.post('/tokens/revoke', (req, res) => {
    sandbox.revokeRefreshToken(String(body(req).refreshToken));
    res.status(204).end();
  });
  router.post('/tokens/expire', (req, res) => {
    const id = body(req).portalId;
    sandbox.expireAccessTokens(id === undefined ? undefined : Number(id));
    res.status(204).end();
  });
  router.post('/time/advance', (req, res) => {
    sandbox.advanceTime(Number(body(req).ms));
    res.json({ now: sandbox.now() });
  });
  router.put('/webhooks/duplicates', (req, res) => {
    sandbox.setWebhookDuplicates(body(req));
    res.status(204).end();
  });
  router.post('/webhooks/flush', async (_req, res) => {
    await sandbox.flushWebhooks();
    res.status(204).end();
  });
  router.get('/journal/events', (_req, res) => res.json({ results: sandbox.journalEvents() }));
  router.get('/webhooks/deliveries', (_req, res) => res.json({ results: sandbox.webhookDeliveries() }));
  router.post('/reset', (_req, res) => {
    sandbox.reset();
    res.status(204).end();
  });
  return router;
}
