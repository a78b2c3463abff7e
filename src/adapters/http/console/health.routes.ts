import type { TenantId } from '../../../app/ports/ids';
import { Router } from 'express';
import { listActorNames } from '../../../app/console-access/actor-names';
import { startRescore, summariseRescore, tryGetRescoreProgress, type RescoreProgress, type RescoreSummary } from '../../../app/criteria/rescore';
import { CONSOLE_ASSETS } from './console-assets';
import { AppError } from '../../../app/errors';
import type { QueueFigures } from '../../../app/ports/operations.port';
import type { ConsoleDeps } from './console.ports';
import { requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { mayUse } from '../../../app/console-access/console-permissions';
import { sendPage } from './console-page';
import { renderHealth, rescoreWords, type WebhookFigures } from './views/health.view';

const DAY_MS = 24 * 3600_000;
const COUNT_CAP = 1000;

/** Webhook deliveries accepted / rejected for this portal in the last 24 h, from its own audit log. */
async function webhookFigures(deps: ConsoleDeps, portalId: TenantId): Promise<WebhookFigures> {
  const from = new Date(deps.clock.now().getTime() - DAY_MS);
  const count = async (action: 'webhook.accepted' | 'webhook.rejected') =>
    (await deps.auditTrail.query({ portalId, action, from }, { limit: COUNT_CAP })).entries.length;
  const [accepted, rejected] = await Promise.all([count('webhook.accepted'), count('webhook.rejected')]);
  return { accepted, rejected, capped: accepted >= COUNT_CAP || rejected >= COUNT_CAP };
}

async function settle<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}

const toJson = (p: RescoreProgress | undefined) => (p ? { ...p, startedAt: p.startedAt.toISOString(), finishedAt: p.finishedAt?.toISOString() ?? null } : null);

/** The portal's latest re-score and, once it ended, what it changed. */
async function readRescore(deps: ConsoleDeps, portalId: TenantId): Promise<{ run: RescoreProgress | undefined; summary: RescoreSummary | undefined }> {
  const run = await tryGetRescoreProgress(portalId, deps.criteria.rescore);
  return { run, summary: run && (await summariseRescore(portalId, run, deps.auditTrail)) };
}

/** Install health, pipeline figures and "Re-score all" with a small progress endpoint for polling. */
export function createHealthRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    const session = sessionOf(res);
    const [installation, queue, rateLimit, webhooks, rescore, names] = await Promise.all([
      deps.installations.tryGet(session.portalId),
      settle<QueueFigures>(deps.operations.qualifyQueue(session.portalId)),
      settle(deps.operations.rateLimit(session.portalId)),
      webhookFigures(deps, session.portalId),
      readRescore(deps, session.portalId),
      listActorNames({ ...deps.criteria, users: deps.users }, session.portalId),
    ]);
    if (!installation) throw new AppError('not_found', 'No such page.', { expose: true });
    sendPage(deps, res, { title: 'Health', nav: 'health', scripts: [CONSOLE_ASSETS.rescore.url] }, renderHealth({
      installation, names, queue, rateLimit, webhooks, rescore: rescore.run, rescoreSummary: rescore.summary, now: deps.clock.now(), canEdit: mayUse(session.role, 'criteria.rescore'), csrfToken: session.csrfToken,
    }));
  });

  router.post('/health/rescore', async (_req, res) => {
    const { alreadyRunning } = await startRescore(requesterOf(res), deps.criteria.rescore);
    res.redirect(303, `/console/health?notice=${alreadyRunning ? 'rescore_running' : 'rescore_started'}#rescore`);
  });

  router.get('/health/rescore.json', async (_req, res) => {
    const session = sessionOf(res);
    const { run, summary } = await readRescore(deps, session.portalId);
    res.json({ run: toJson(run), summary: summary ?? null, ...(run ? { words: rescoreWords(run, summary) } : {}) });
  });

  return router;
}
