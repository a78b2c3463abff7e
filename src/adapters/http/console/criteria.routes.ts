import { Router, type Request, type Response } from 'express';
import { AppError } from '../../../app/errors';
import { buildDefaultCriteria, criteriaHash, validateCriteria, type CriteriaIssue } from '../../../core';
import { auditUserAction } from './console-audit';
import type { ConsoleDeps, ContactPropertyOption, CriteriaChange } from './console.ports';
import { requireEditor } from './console-security.middleware';
import { canEdit, sessionOf } from './console-session';
import { sendPage } from './console-page';
import { addRow, parseCriteriaForm } from './criteria-form';
import { diffCriteria } from './criteria-diff';
import { renderDiff, renderEditor, renderHistory, renderSectionsFor, type EditorView } from './views/criteria.view';

const asVersion = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
};
/** The signed-in user as the criteria store records and audits them. */
function changeBy(res: Response, note?: string): CriteriaChange {
  const { userId } = sessionOf(res);
  return {
    actor: { kind: 'user', hubspotUserId: String(userId) },
    ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}),
    ...(note ? { note } : {}),
  };
}

/** The portal's contact properties for the mapping picker; an unreachable HubSpot leaves the list empty. */
async function loadProperties(deps: ConsoleDeps, portalId: number): Promise<ContactPropertyOption[]> {
  try {
    return await deps.properties.list(portalId);
  } catch (error) {
    deps.logger.warn('console: contact properties unavailable', { portalId, code: error instanceof AppError ? error.code : 'unknown' });
    return [];
  }
}

/**
 * Newly mapped property names that the portal does not have (checked only when the list loaded).
 * Names already in the version being edited pass with a warning beside the field instead: the
 * playbook template maps properties a practice may not have created yet, and that must not
 * block every save.
 */
function unknownPropertyIssues(doc: Record<string, unknown>, properties: readonly ContactPropertyOption[], base: unknown): CriteriaIssue[] {
  if (properties.length === 0) return [];
  const baseMap = (base as { propertyMap?: Record<string, unknown> } | undefined)?.propertyMap ?? {};
  const known = new Set([...properties.map((p) => p.name), ...Object.values(baseMap).flatMap((v) => (Array.isArray(v) ? v.map(String) : []))]);
  const map = doc.propertyMap;
  if (typeof map !== 'object' || map === null) return [];
  return Object.entries(map).flatMap(([key, names]) => (Array.isArray(names) ? names : []).flatMap((name, i) =>
    typeof name === 'string' && /^[a-z0-9_]{1,100}$/.test(name) && !known.has(name)
      ? [{ path: `propertyMap.${key}[${i}]`, message: 'is not a contact property in your HubSpot account' }] : []));
}

function errorsByPath(issues: readonly CriteriaIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const i of issues) map.set(i.path, [...(map.get(i.path) ?? []), i.message]);
  return map;
}

/**
 * The criteria editor: view (everyone), save a draft / publish (editors), version history,
 * a field-level diff between two versions, and rollback (publishing an earlier version).
 */
export function createCriteriaRouter(deps: ConsoleDeps): Router {
  const router = Router();

  const render = async (res: Response, view: Omit<EditorView, 'versions' | 'published' | 'properties' | 'canEdit' | 'csrfToken'>, status = 200) => {
    const session = sessionOf(res);
    const [versions, published, properties] = await Promise.all([
      deps.criteria.listVersions(session.portalId), deps.criteria.tryGetPublishedPointer(session.portalId), loadProperties(deps, session.portalId),
    ]);
    const full: EditorView = { ...view, versions, published, properties, canEdit: canEdit(session.role), csrfToken: session.csrfToken };
    const rendered = new Map<string, string>();
    const sections = renderSectionsFor(full, { errors: errorsByPath(view.issues), readonly: !full.canEdit, rendered });
    sendPage(deps, res, { title: 'Criteria', nav: 'criteria' }, renderEditor(full, rendered, sections), status);
  };

  router.get('/criteria', async (req, res) => {
    const { portalId } = sessionOf(res);
    const from = req.query.from === undefined ? undefined : asVersion(req.query.from);
    if (req.query.from !== undefined && from === undefined) throw new AppError('not_found', 'No such version.', { expose: true });
    const versions = await deps.criteria.listVersions(portalId);
    const baseVersion = from ?? versions[0]?.version ?? 0;
    const base = baseVersion ? await deps.criteria.tryGetVersion(portalId, baseVersion) : undefined;
    if (baseVersion && !base) throw new AppError('not_found', 'No such version.', { expose: true });
    await auditUserAction(deps, res, 'criteria.viewed', { objectType: 'criteria', ...(baseVersion ? { objectId: `v${baseVersion}` } : {}) });
    await render(res, { doc: (base?.criteria ?? buildDefaultCriteria()) as unknown as Record<string, unknown>, baseVersion, issues: [] });
  });

  router.post('/criteria', requireEditor(deps), async (req, res) => {
    const { portalId } = sessionOf(res);
    const baseVersion = asVersion((req.body as Record<string, unknown>).baseVersion) ?? 0;
    const base = baseVersion ? await deps.criteria.tryGetVersion(portalId, baseVersion) : undefined;
    if (baseVersion && !base) throw new AppError('not_found', 'No such version.', { expose: true });
    const form = parseCriteriaForm(req.body as Record<string, unknown>, base?.criteria ?? buildDefaultCriteria());
    const doc = form.document;
    if (form.op.startsWith('add:')) {
      addRow(doc, form.op.slice(4));
      return render(res, { doc, baseVersion, issues: [] });
    }
    delete doc.version;
    const validation = validateCriteria(doc);
    const issues = [...form.issues, ...(validation.ok ? [] : validation.issues), ...unknownPropertyIssues(doc, await loadProperties(deps, portalId), base?.criteria ?? buildDefaultCriteria())];
    if (!validation.ok || issues.length > 0) return render(res, { doc, baseVersion, issues }, 422);
    const criteria = validation.criteria;
    let version = baseVersion;
    const unchanged = base !== undefined && criteriaHash(base.criteria) === criteriaHash(criteria) && baseVersion === (await deps.criteria.listVersions(portalId))[0]?.version;
    if (!unchanged) version = (await deps.criteria.saveVersion(portalId, criteria, changeBy(res, form.note))).version;
    if (form.op === 'publish') {
      await deps.criteria.publish(portalId, version, changeBy(res));
      return res.redirect(303, '/console/criteria?notice=published');
    }
    res.redirect(303, `/console/criteria?notice=${unchanged ? 'unchanged' : 'saved'}`);
  });

  const publishRoute = (kind: 'publish' | 'rollback') => async (req: Request, res: Response) => {
    const { portalId } = sessionOf(res);
    const version = asVersion((req.body as Record<string, unknown>).version);
    if (!version || !(await deps.criteria.tryGetVersion(portalId, version))) throw new AppError('not_found', 'No such version.', { expose: true });
    await deps.criteria[kind](portalId, version, changeBy(res));
    res.redirect(303, `/console/criteria/versions?notice=${kind === 'publish' ? 'published' : 'rolled_back'}`);
  };
  router.post('/criteria/publish', requireEditor(deps), publishRoute('publish'));
  router.post('/criteria/rollback', requireEditor(deps), publishRoute('rollback'));

  router.get('/criteria/versions', async (_req, res) => {
    const session = sessionOf(res);
    const [versions, published] = await Promise.all([deps.criteria.listVersions(session.portalId), deps.criteria.tryGetPublishedPointer(session.portalId)]);
    await auditUserAction(deps, res, 'criteria.viewed', { objectType: 'criteria' });
    sendPage(deps, res, { title: 'Version history', nav: 'criteria' }, renderHistory(versions, published, canEdit(session.role), session.csrfToken));
  });

  router.get('/criteria/diff', async (req, res) => {
    const { portalId } = sessionOf(res);
    const from = asVersion(req.query.from);
    const to = asVersion(req.query.to);
    const [a, b] = await Promise.all([from ? deps.criteria.tryGetVersion(portalId, from) : undefined, to ? deps.criteria.tryGetVersion(portalId, to) : undefined]);
    if (!a || !b || !from || !to) throw new AppError('not_found', 'No such version.', { expose: true });
    await auditUserAction(deps, res, 'criteria.viewed', { objectType: 'criteria', objectId: `v${to}` });
    sendPage(deps, res, { title: `Changes v${from} → v${to}`, nav: 'criteria' }, renderDiff(from, to, diffCriteria(a.criteria, b.criteria)));
  });

  return router;
}

