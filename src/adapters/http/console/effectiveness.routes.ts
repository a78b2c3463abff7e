import { Router, type Response } from 'express';
import { AppError } from '../../../app/errors';
import type { EffectivenessConsole } from '../../../app/effectiveness/effectiveness.ports';
import type { ConsoleDeps } from './console.ports';
import { requireEditor } from './console-security.middleware';
import { canEdit, sessionOf } from './console-session';
import { sendPage } from './console-page';
import { effectivenessCsv } from './effectiveness-export';
import { renderEffectiveness } from './views/effectiveness.view';

function portOf(deps: ConsoleDeps): EffectivenessConsole {
  if (!deps.effectiveness) throw new AppError('not_found', 'No such page.', { expose: true });
  return deps.effectiveness;
}

const NOTICES = {
  started: { kind: 'success', text: 'Effectiveness run started: it reads HubSpot within the portal\'s rate budget; reload in a minute.' },
  running: { kind: 'info', text: 'A run is already reading HubSpot for this portal.' },
  nothing_to_export: { kind: 'info', text: 'There are no effectiveness figures to export yet.' },
} as const;

function noticeOf(res: Response) {
  const code = res.req.query.notice;
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code as keyof typeof NOTICES] : undefined;
}

/** The Effectiveness page, its CSV export and "Run now" (editors). Aggregates only, small cells "<11". */
export function createEffectivenessRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/effectiveness', async (_req, res) => {
    const session = sessionOf(res);
    const { shown, current } = await portOf(deps).latest(session.portalId);
    sendPage(deps, res, { title: 'Effectiveness', nav: 'effectiveness', notice: noticeOf(res) }, renderEffectiveness({ shown, current, canEdit: canEdit(session.role), csrfToken: session.csrfToken }));
  });

  router.get('/effectiveness/export.csv', async (_req, res) => {
    const session = sessionOf(res);
    const { shown } = await portOf(deps).latest(session.portalId);
    if (!shown?.report) return void res.redirect(303, '/console/effectiveness?notice=nothing_to_export');
    const day = shown.windowEnd.toISOString().slice(0, 10);
    res.type('text/csv').attachment(`carequal-effectiveness-${session.portalId}-${day}.csv`).send(effectivenessCsv(shown.report, { from: shown.windowStart, to: shown.windowEnd }));
  });

  router.post('/effectiveness/run', requireEditor(deps), async (_req, res) => {
    const session = sessionOf(res);
    const outcome = await portOf(deps).start(session.portalId, session.userId);
    res.redirect(303, `/console/effectiveness?notice=${outcome}`);
  });

  return router;
}
