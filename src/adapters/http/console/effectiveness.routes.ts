import { Router, type Response } from 'express';
import { AppError } from '../../../app/errors';
import type { EffectivenessConsole, EffectivenessRun } from '../../../app/effectiveness/effectiveness.ports';
import { openSuggestionAsDraft } from '../../../app/effectiveness/open-suggestion';
import { mayUse } from '../../../app/console-access/console-permissions';
import type { ConsoleDeps } from './console.ports';
import { requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { effectivenessCsv, effectivenessMonthCsv } from './effectiveness-export';
import { renderMonthlyReport, type MonthlyReportPage } from './views/effectiveness-report.view';
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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The monthly report of the newest figures for `?month=`, or why it cannot be shown (and the HTTP status). */
function monthlyReport(shown: EffectivenessRun | undefined, asked: unknown): { page: MonthlyReportPage; status: number } {
  const byMonth = shown?.report?.byMonth ?? [];
  const base = { run: shown, months: byMonth.map((m) => m.month) };
  if (asked === undefined) return { page: base, status: 200 };
  if (typeof asked !== 'string' || !MONTH.test(asked)) return { page: { ...base, problem: 'The month must be written YYYY-MM, e.g. 2026-11. Choose one below.' }, status: 400 };
  const figures = byMonth.find((m) => m.month === asked);
  if (!figures) return { page: { ...base, month: asked, problem: `There are no figures for ${asked} in the latest run. Choose a month below.` }, status: 404 };
  return { page: { ...base, month: asked, figures }, status: 200 };
}

/** The Effectiveness page, its CSV export and "Run now" (editors). Aggregates only, small cells "<11". */
export function createEffectivenessRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/effectiveness', async (_req, res) => {
    const session = sessionOf(res);
    const { shown, current } = await portOf(deps).latest(session.portalId);
    sendPage(deps, res, { title: 'Effectiveness', nav: 'effectiveness', notice: noticeOf(res) }, renderEffectiveness({ shown, current, canEdit: mayUse(session.role, 'effectiveness.run'), canConfigure: mayUse(session.role, 'effectiveness.configure_signals'), csrfToken: session.csrfToken }));
  });

  router.get('/effectiveness/export.csv', async (_req, res) => {
    const session = sessionOf(res);
    const { shown } = await portOf(deps).latest(session.portalId);
    if (!shown?.report) return void res.redirect(303, '/console/effectiveness?notice=nothing_to_export');
    const day = shown.windowEnd.toISOString().slice(0, 10);
    res.type('text/csv').attachment(`carequal-effectiveness-${session.portalId}-${day}.csv`).send(effectivenessCsv(shown.report, { from: shown.windowStart, to: shown.windowEnd }));
  });

  router.get('/effectiveness/report', async (req, res) => {
    const { shown } = await portOf(deps).latest(sessionOf(res).portalId);
    const { page, status } = monthlyReport(shown, req.query.month);
    sendPage(deps, res, { title: 'Effectiveness report', nav: 'effectiveness' }, renderMonthlyReport(page), status);
  });

  router.get('/effectiveness/report.csv', async (req, res) => {
    const session = sessionOf(res);
    const { shown } = await portOf(deps).latest(session.portalId);
    const { page } = monthlyReport(shown, req.query.month);
    if (!page.figures) return void res.redirect(303, `/console/effectiveness/report${page.month ? `?month=${page.month}` : ''}`);
    res.type('text/csv').attachment(`carequal-effectiveness-${session.portalId}-${page.figures.month}.csv`).send(effectivenessMonthCsv(page.figures));
  });

  router.post('/effectiveness/run', async (_req, res) => {
    const session = sessionOf(res);
    const outcome = await portOf(deps).start(session.portalId, session.userId);
    res.redirect(303, `/console/effectiveness?notice=${outcome}`);
  });

  router.post('/effectiveness/draft', async (req, res) => {
    const index = String((req.body as Record<string, unknown>).suggestion ?? '');
    const port = portOf(deps);
    const outcome = /^\d{1,3}$/.test(index)
      ? await openSuggestionAsDraft(requesterOf(res), Number(index), { latestReport: async (portalId) => (await port.latest(portalId)).shown?.report ?? undefined, criteria: deps.criteria })
      : { kind: 'not_found' as const };
    res.redirect(303, outcome.kind === 'saved' ? `/console/simulate?draft=${outcome.version}` : `/console/effectiveness?notice=suggestion_${outcome.kind}`);
  });

  return router;
}
