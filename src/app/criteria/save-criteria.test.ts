import { tenantId } from '../ports/ids';
import { buildCriteriaDeps } from '../../../test/fakes/criteria.fakes';
import { buildDefaultCriteria, buildSimplePointModelCriteria } from '../../core';
import type { CriteriaRequester } from './criteria-deps';
import { readCriteriaBase } from './read-criteria';
import { saveCriteriaDraft } from './save-criteria';

const PORTAL = tenantId(71_000_001);
const editor: CriteriaRequester = { portalId: tenantId(PORTAL), actor: { kind: 'user', hubspotUserId: '501' }, requestId: 'req-1' };
const TEMPLATE_BASE = { baseVersion: 0, criteria: undefined };
const asDocument = (c: object) => structuredClone(c) as Record<string, unknown>;
const keepAsDraft = { publish: false, rescore: 'offer' } as const;

describe('saveCriteriaDraft', () => {
  it('when a valid draft is saved, then it becomes the next version (not live) and criteria.saved names the typed actor and request', async () => {
    const { deps, versions, audit } = buildCriteriaDeps();
    const outcome = await saveCriteriaDraft(editor, { document: asDocument(buildDefaultCriteria()), formIssues: [], base: TEMPLATE_BASE, note: 'first' }, keepAsDraft, deps);
    expect(outcome).toEqual({ kind: 'saved', version: 1, published: undefined });
    expect(await versions.listVersions(tenantId(PORTAL))).toMatchObject([{ version: 1, note: 'first', createdBy: editor.actor, published: false }]);
    expect(audit.entries).toEqual([expect.objectContaining({
      portalId: PORTAL, action: 'criteria.saved', actor: editor.actor, requestId: 'req-1', objectType: 'criteria', objectId: 'v1', criteriaVersion: versions.versions[0]!.hash, outcome: 'success',
    })]);
  });

  it('when the draft breaks the schema, then nothing is stored or audited and the issues name the fields', async () => {
    const { deps, versions, audit } = buildCriteriaDeps();
    const document = asDocument({ ...buildDefaultCriteria(), bands: [] });
    const outcome = await saveCriteriaDraft(editor, { document, formIssues: [{ path: 'note', message: 'is too long' }], base: TEMPLATE_BASE }, keepAsDraft, deps);
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['note', 'bands']));
    expect(versions.versions).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('when only the form parser found a problem, then the schema-valid draft is still refused whole', async () => {
    const { deps, versions } = buildCriteriaDeps();
    const outcome = await saveCriteriaDraft(editor, { document: asDocument(buildDefaultCriteria()), formIssues: [{ path: 'locations[0].zip', message: 'is not a ZIP code' }], base: TEMPLATE_BASE }, keepAsDraft, deps);
    expect(outcome).toEqual({ kind: 'invalid', issues: [{ path: 'locations[0].zip', message: 'is not a ZIP code' }] });
    expect(versions.versions).toEqual([]);
  });

  it('when the draft equals the newest version it was based on, then no copy is saved and the outcome says unchanged', async () => {
    const { deps, versions, audit } = buildCriteriaDeps();
    await saveCriteriaDraft(editor, { document: asDocument(buildDefaultCriteria()), formIssues: [], base: TEMPLATE_BASE }, keepAsDraft, deps);
    const base = await readCriteriaBase(tenantId(PORTAL), 1, deps);
    const outcome = await saveCriteriaDraft(editor, { document: asDocument(base.criteria!), formIssues: [], base }, keepAsDraft, deps);
    expect(outcome).toEqual({ kind: 'unchanged', version: 1, published: undefined });
    expect(versions.versions).toHaveLength(1);
    expect(audit.entries.map((e) => e.action)).toEqual(['criteria.saved']);
  });

  it('when a newly mapped property is not in the portal, then the save is refused at that field; names the base already maps pass', async () => {
    const { deps, versions } = buildCriteriaDeps({ properties: ['message', 'zip'] });
    const criteria = buildDefaultCriteria();
    const document = asDocument({ ...criteria, propertyMap: { ...criteria.propertyMap, zip: ['zip', 'postal_code_typo'] } });
    const outcome = await saveCriteriaDraft(editor, { document, formIssues: [], base: TEMPLATE_BASE }, keepAsDraft, deps);
    expect(outcome).toEqual({ kind: 'invalid', issues: [{ path: 'propertyMap.zip[1]', message: 'is not a contact property in your HubSpot account' }] });
    expect(versions.versions).toEqual([]);
  });

  it('when HubSpot cannot list the properties, then the draft is saved unchecked and the outage is reported with its code only', async () => {
    const { deps, crm, warnings } = buildCriteriaDeps({ properties: ['message'] });
    crm.failPropertyList = true;
    const outcome = await saveCriteriaDraft(editor, { document: asDocument(buildSimplePointModelCriteria()), formIssues: [], base: TEMPLATE_BASE }, keepAsDraft, deps);
    expect(outcome.kind).toBe('saved');
    expect(warnings).toEqual([{ message: 'console: contact properties unavailable', meta: { portalId: PORTAL, code: 'hubspot.unavailable' } }]);
  });

  it('when the submitted document carries a version stamp, then the stored criteria are the validated document without it (validated once, passed on as is)', async () => {
    const { deps, versions } = buildCriteriaDeps();
    await saveCriteriaDraft(editor, { document: { ...asDocument(buildDefaultCriteria()), version: 'v99' }, formIssues: [], base: TEMPLATE_BASE }, keepAsDraft, deps);
    expect(versions.saved).toHaveLength(1);
    expect(versions.saved[0]!.version).toBeUndefined();
    expect(versions.versions[0]!.criteria.version).toBe('v1');
  });

  it('when saved with publish and a re-score asked for, then the version goes live and every contact is queued for re-scoring, all audited', async () => {
    const { deps, versions, audit, runs } = buildCriteriaDeps();
    const outcome = await saveCriteriaDraft(editor, { document: asDocument(buildDefaultCriteria()), formIssues: [], base: TEMPLATE_BASE }, { publish: true, rescore: 'start' }, deps);
    expect(outcome).toMatchObject({ kind: 'saved', version: 1, published: { version: 1, rescore: { kind: 'started', progress: { runId: 'run-1', status: 'running' } } } });
    expect((await versions.tryGetPublished(tenantId(PORTAL)))?.version).toBe(1);
    expect(runs.runs).toMatchObject([{ portalId: PORTAL, reason: 'rescore', requestedBy: editor.actor }]);
    expect(runs.enqueued).toEqual([{ runId: 'run-1', page: 0 }]);
    expect(audit.actions()).toEqual(['criteria.saved:v1', 'criteria.published:v1', 'backfill.started:run-1']);
    expect(audit.entries.every((e) => e.actor === editor.actor)).toBe(true);
  });
});
