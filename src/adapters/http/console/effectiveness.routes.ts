import { Router, type Response } from 'express';
import { AppError } from '../../../app/errors';
import type { EffectivenessConsole } from '../../../app/effectiveness/effectiveness.ports';
import { openSuggestionAsDraft } from '../../../app/effectiveness/open-suggestion';
import { mayOpen } from './access-table';
import type { ConsoleDeps } from './console.ports';
import { requesterOf } from './console-request';
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
  suggestion_not_found: { kind: 'error', text: 'That suggestion is no longer among the latest figures. Nothing was saved.' },
  suggestion_outdated: { kind: 'error', text: 'The live criteria changed since these figures were computed, so the suggestion no longer applies. Nothing was saved; run the figures again.' },
  suggestion_invalid: { kind: 'error', text: 'The suggested change would not make valid criteria. Nothing was saved; try the change by hand in the editor.' },
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
    sendPage(deps, res, { title: 'Effectiveness', nav: 'effectiveness', notice: noticeOf(res) }, renderEffectiveness({ shown, current, canEdit: canEdit(session.role), canConfigure: mayOpen(session.role, '/console/effectiveness/signals'), csrfToken: session.csrfToken }));
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

  router.post('/effectiveness/draft', requireEditor(deps), async (req, res) => {
    const index = String((req.body as Record<string, unknown>).suggestion ?? '');
    const port = portOf(deps);
    const outcome = /^\d{1,3}$/.test(index)
      ? await openSuggestionAsDraft(requesterOf(res), Number(index), { latestReport: async (portalId) => (await port.latest(portalId)).shown?.report ?? undefined, criteria: deps.criteria })
      : { kind: 'not_found' as const };
    res.redirect(303, outcome.kind === 'saved' ? `/console/simulate?draft=${outcome.version}` : `/console/effectiveness?notice=suggestion_${outcome.kind}`);
  });

  return router;
}
