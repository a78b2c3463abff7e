import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { exportAuditEntries, verifyAuditLog, viewAuditEntries, type AuditToolContext } from '../../../app/audit/audit-tools';
import type { AuditQuery } from '../../../app/audit/audit-trail.port';
import { AUDIT_ACTIONS, type AuditAction } from '../../../app/ports/audit-log.port';
import { createAuditExportStream, type AuditExportFormat } from '../../db/audit-export';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { renderAuditPage, renderVerification, type AuditFilterValues } from './views/audit.view';

const PAGE_SIZE = 50;

/** Reads the filter form; invalid values are dropped (and shown as entered), never passed to SQL. */
export function readAuditFilters(query: Request['query']): { values: AuditFilterValues; filter: Omit<AuditQuery, 'portalId'> } {
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim().slice(0, 64) : '');
  const values: AuditFilterValues = { contactId: text('contactId'), actor: text('actor'), action: text('action'), from: text('from'), to: text('to') };
  const filter: Omit<AuditQuery, 'portalId'> = {};
  if (/^\d{1,20}$/.test(values.contactId)) Object.assign(filter, { objectType: 'contact', objectId: values.contactId });
  if (/^\d{1,20}$/.test(values.actor)) Object.assign(filter, { actorKind: 'user', actorId: values.actor });
  else if (values.actor === 'system' || values.actor === 'hubspot') filter.actorKind = values.actor;
  if ((AUDIT_ACTIONS as readonly string[]).includes(values.action)) filter.action = values.action as AuditAction;
  const date = (v: string) => (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(v) && !Number.isNaN(Date.parse(`${v}${v.length === 10 ? 'T00:00' : ''}:00Z`)) ? new Date(`${v}${v.length === 10 ? 'T00:00' : ''}:00Z`) : undefined);
  const from = date(values.from);
  const to = date(values.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return { values, filter };
}

const toolContext = (res: Response): AuditToolContext => {
  const session = sessionOf(res);
  return { actor: { kind: 'user', hubspotUserId: String(session.userId) }, ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}) };
};

/** The audit log: filter and page through it, export it (streamed), verify its chain. Each use is audited. */
export function createAuditRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const tools = { trail: deps.auditTrail, audit: deps.audit };

  router.get('/audit', async (req, res) => {
    const session = sessionOf(res);
    const { values, filter } = readAuditFilters(req.query);
    const afterSeq = typeof req.query.after === 'string' && /^\d{1,15}$/.test(req.query.after) ? Number(req.query.after) : undefined;
    const page = await viewAuditEntries(tools, toolContext(res), { ...filter, portalId: session.portalId }, { afterSeq, limit: PAGE_SIZE });
    sendPage(deps, res, { title: 'Audit log', nav: 'audit' }, renderAuditPage({ values, page, afterSeq, csrfToken: session.csrfToken, queryString: exportQuery(values) }));
  });

  for (const format of ['csv', 'jsonl'] as const satisfies readonly AuditExportFormat[]) {
    router.get(`/audit/export.${format}`, async (req, res) => {
      const session = sessionOf(res);
      const { filter } = readAuditFilters(req.query);
      const stamp = deps.clock.now().toISOString().slice(0, 10);
      res.status(200);
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="carequal-audit-${session.portalId}-${stamp}.${format}"`);
      await exportAuditEntries(tools, toolContext(res), { ...filter, portalId: session.portalId }, (entries) => pipeline(createAuditExportStream(entries, format), res));
    });
  }

  router.post('/audit/verify', async (_req, res) => {
    const session = sessionOf(res);
    const result = await verifyAuditLog(tools, toolContext(res), session.portalId);
    sendPage(deps, res, { title: 'Audit log integrity', nav: 'audit' }, renderVerification(result, deps.clock.now()));
  });

  return router;
}

function exportQuery(values: AuditFilterValues): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
