import { Router, type Response } from 'express';
import { listCriteriaChoices, noSuchVersion } from '../../../app/criteria/choose-criteria';
import type { PublishOutcome } from '../../../app/criteria/publish-criteria';
import { publishCriteria, rollBackCriteria } from '../../../app/criteria/publish-criteria';
import { baseDocument, diffCriteriaVersions, listContactProperties, openCriteriaEditor, readCriteriaBase } from '../../../app/criteria/read-criteria';
import { readVersionHistory } from '../../../app/criteria/version-history';
import { saveCriteriaDraft } from '../../../app/criteria/save-criteria';
import type { CriteriaIssue } from '../../../core';
import type { ConsoleDeps } from './console.ports';
import { parseRescoreChoice, parseVersion, requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { mayUse } from '../../../app/console-access/console-permissions';
import { sendPage } from './console-page';
import { addConditionRow, addRow, parseCriteriaForm } from './criteria-form';
import { plainMessage } from './criteria-issue-words';
import { listPortalOwners } from '../../../app/criteria/read-portal-owners';
import { CONSOLE_ASSETS } from './console-assets';
import { renderEditor, renderSectionsFor, type EditorView } from './views/criteria.view';
import { renderChangesInWords, renderVersionHistory } from './views/versions.view';

/** Messages beside each field, in words (code names such as bands[0].minScore become words once, in criteria-issue-words.ts). */
function errorsByPath(issues: readonly CriteriaIssue[], doc: Record<string, unknown>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const i of issues) map.set(i.path, [...(map.get(i.path) ?? []), plainMessage(i.message, doc)]);
  return map;
}

/**
 * An "+ Add" without the editor's script: the row (or condition row) is appended and the page
 * comes back with that row marked as the `#added-row` anchor the button posted to.
 */
function applyAddOperation(document: Record<string, unknown>, op: string): string | undefined {
  if (op.startsWith('add:')) {
    const list = op.slice(4);
    if (!addRow(document, list)) return undefined;
    const rows = list.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    return `${list}[${(rows as unknown[]).length - 1}]`;
  }
  const m = /^add(cond|group):(.+)\.when$/.exec(op);
  if (m && addConditionRow(document, `${m[2]}.when`, m[1] === 'group' ? 'group' : 'row')) return m[2];
  return undefined;
}

/** The notice after a publish: a started (or already running) re-score is named, an offered one is the plain notice. */
const publishedNotice = (outcome: PublishOutcome, plain: string): string => (outcome.rescore.kind === 'offered' ? plain : `published_rescore_${outcome.rescore.kind}`);

/**
 * The criteria editor: view (everyone), save a draft / publish (editors), version history,
 * a field-level diff between two versions, and rollback (publishing an earlier version).
 * Each route parses the request, calls its use case in src/app/criteria and renders the answer.
 */
export function createCriteriaRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const cases = deps.criteria;

  const render = async (res: Response, view: Pick<EditorView, 'doc' | 'baseVersion' | 'issues'>, status = 200, added?: string) => {
    const session = sessionOf(res);
    const [choices, properties, owners] = await Promise.all([
      listCriteriaChoices(cases.versions, session.portalId), listContactProperties(session.portalId, cases), listPortalOwners(session.portalId, cases),
    ]);
    const published = choices.publishedVersion === undefined ? undefined : { version: choices.publishedVersion };
    const full: EditorView = { ...view, versions: choices.versions, published, properties, owners, canEdit: mayUse(session.role, 'criteria.save_draft'), canPublish: mayUse(session.role, 'criteria.publish'), csrfToken: session.csrfToken };
    const rendered = new Map<string, string>();
    const sections = renderSectionsFor(full, { errors: errorsByPath(view.issues, view.doc), readonly: !full.canEdit, rendered, ...(added ? { added } : {}) });
    const scripts = full.canEdit ? [CONSOLE_ASSETS.editor.url] : [];
    sendPage(deps, res, { title: 'Criteria', nav: 'criteria', scripts }, renderEditor(full, rendered, sections), status);
  };

  router.get('/criteria', async (req, res) => {
    const from = parseVersion(req.query.from);
    if (req.query.from !== undefined && from === undefined) throw noSuchVersion();
    const base = await openCriteriaEditor(requesterOf(res), from, cases);
    await render(res, { doc: baseDocument(base) as unknown as Record<string, unknown>, baseVersion: base.baseVersion, issues: [] });
  });

  router.post('/criteria', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const base = await readCriteriaBase(sessionOf(res).portalId, parseVersion(body.baseVersion) ?? 0, cases);
    const form = parseCriteriaForm(body, baseDocument(base));
    if (form.op.startsWith('add')) {
      const added = applyAddOperation(form.document, form.op);
      return render(res, { doc: form.document, baseVersion: base.baseVersion, issues: [] }, 200, added);
    }
    const publish = form.op === 'publish';
    const outcome = await saveCriteriaDraft(requesterOf(res), { document: form.document, formIssues: form.issues, base, ...(form.note ? { note: form.note } : {}) },
      { publish, rescore: parseRescoreChoice(body.rescore) }, cases);
    if (outcome.kind === 'invalid') return render(res, { doc: form.document, baseVersion: base.baseVersion, issues: outcome.issues }, 422);
    const notice = outcome.published ? publishedNotice(outcome.published, 'published') : outcome.kind;
    res.redirect(303, `/console/criteria?notice=${notice}`);
  });

  const movePointer = (useCase: typeof publishCriteria, plain: 'published' | 'rolled_back') => async (req: { body: unknown }, res: Response) => {
    const body = req.body as Record<string, unknown>;
    const version = parseVersion(body.version);
    if (!version) throw noSuchVersion();
    const outcome = await useCase(requesterOf(res), version, parseRescoreChoice(body.rescore), cases);
    res.redirect(303, `/console/criteria/versions?notice=${publishedNotice(outcome, plain)}`);
  };
  router.post('/criteria/publish', movePointer(publishCriteria, 'published'));
  router.post('/criteria/rollback', movePointer(rollBackCriteria, 'rolled_back'));

  router.get('/criteria/versions', async (_req, res) => {
    const session = sessionOf(res);
    const history = await readVersionHistory(requesterOf(res), { ...cases, trail: deps.auditTrail, users: deps.users });
    sendPage(deps, res, { title: 'Version history', nav: 'criteria' }, renderVersionHistory(history, { canEdit: mayUse(session.role, 'criteria.save_draft'), canPublish: mayUse(session.role, 'criteria.publish') }, session.csrfToken));
  });

  router.get('/criteria/diff', async (req, res) => {
    const from = parseVersion(req.query.from);
    const to = parseVersion(req.query.to);
    if (!from || !to) throw noSuchVersion();
    const changes = await diffCriteriaVersions(requesterOf(res), from, to, cases);
    sendPage(deps, res, { title: `Changes v${from} → v${to}`, nav: 'criteria' }, renderChangesInWords(from, to, changes));
  });

  return router;
}
