import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { exportAuditEntries, verifyAuditLog, viewAuditEntries, type AuditToolContext } from '../../../app/audit/audit-tools';
import { createAuditExportStream, type AuditExportFormat } from '../../db/audit-export';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { contactUrlFor } from './hubspot-links';
import { readAuditFilters, type AuditFilterValues } from './audit-filters';
import { listActorNames } from '../../../app/console-access/actor-names';
import { renderAuditPage, renderVerification, type AuditPageView } from './views/audit.view';

export { readAuditFilters } from './audit-filters';

const PAGE_SIZE = 50;

const toolContext = (res: Response): AuditToolContext => {
  const session = sessionOf(res);
  return { actor: { kind: 'user', hubspotUserId: String(session.userId) }, ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}) };
};

/**
 * The audit log: filter and page through it (newest first), export exactly what the filters
 * select (streamed), verify its chain. Each use is audited. A filter that cannot be applied is
 * refused with a message on the page and on both exports, never dropped.
 */
export function createAuditRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const tools = { trail: deps.auditTrail, audit: deps.audit };

  router.get('/audit', async (req, res) => {
    const session = sessionOf(res);
    const reading = readAuditFilters(req.query);
    const pageParam = typeof req.query.page === 'string' ? req.query.page : '1';
    const pageNumber = /^[1-9]\d{0,6}$/.test(pageParam) ? Number(pageParam) : undefined;
    const view = await pageFrameFor(deps, res, reading.values);
    if (!reading.ok || pageNumber === undefined) {
      const problems = reading.ok ? [] : reading.problems;
      if (pageNumber === undefined) problems.push({ field: 'page', message: 'That page number does not exist: start from the first page.' });
      return sendPage(deps, res, { title: 'Audit log', nav: 'audit' }, renderAuditPage({ ...view, problems }), 400);
    }
    const page = await viewAuditEntries(tools, toolContext(res), { ...reading.filter, portalId: session.portalId }, { page: pageNumber, pageSize: PAGE_SIZE });
    sendPage(deps, res, { title: 'Audit log', nav: 'audit' }, renderAuditPage({ ...view, page }));
  });

  for (const format of ['csv', 'jsonl'] as const satisfies readonly AuditExportFormat[]) {
    router.get(`/audit/export.${format}`, async (req, res) => {
      const session = sessionOf(res);
      const reading = readAuditFilters(req.query);
      if (!reading.ok) {
        const view = await pageFrameFor(deps, res, reading.values);
        return sendPage(deps, res, { title: 'Audit log', nav: 'audit' }, renderAuditPage({ ...view, problems: reading.problems }), 400);
      }
      const stamp = deps.clock.now().toISOString().slice(0, 10);
      res.status(200);
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="carequal-audit-${session.portalId}-${stamp}.${format}"`);
      await exportAuditEntries(tools, toolContext(res), { ...reading.filter, portalId: session.portalId }, (entries) => pipeline(createAuditExportStream(entries, format), res));
    });
  }

  router.post('/audit/verify', async (_req, res) => {
    const session = sessionOf(res);
    const result = await verifyAuditLog(tools, toolContext(res), session.portalId);
    sendPage(deps, res, { title: 'Audit log integrity', nav: 'audit' }, renderVerification(result, deps.clock.now()));
  });

  return router;
}

/** What every audit page shows whatever the filters: the picker's actors (by name), the contact links. */
async function pageFrameFor(deps: ConsoleDeps, res: Response, values: AuditFilterValues): Promise<Omit<AuditPageView, 'page' | 'problems'>> {
  const session = sessionOf(res);
  const [actors, names] = await Promise.all([deps.auditTrail.listActors(session.portalId), listActorNames({ ...deps.criteria, users: deps.users }, session.portalId)]);
  return { values, actors, names, csrfToken: session.csrfToken, contactUrl: contactUrlFor(deps.settings, session.portalId) };
}
