import { tenantId } from '../ports/ids';
import { buildCriteriaDeps } from '../../../test/fakes/criteria.fakes';
import { buildDefaultCriteria, requiredContactProperties, type Criteria } from '../../core';
import type { CriteriaRequester } from './criteria-deps';
import { simulateCriteria, summarise } from './simulate-criteria';
import { tryLead } from './try-lead';

const PORTAL = tenantId(71_000_003);
const viewer: CriteriaRequester = { portalId: tenantId(PORTAL), actor: { kind: 'user', hubspotUserId: '503' }, requestId: 'req-3' };

/** A draft without hard stops: nobody is disqualified any more. */
function stopNobody(): Criteria {
  return { ...buildDefaultCriteria(), hardStops: [] };
}

const inquiry = { email: 'pat@example.com', phone: '+12125550148', zip: '10018', message: 'I would like to book a consultation for knee pain next week.', consent_to_contact: 'true' };

describe('simulateCriteria', () => {
  it('when a draft is simulated over recent contacts, then each read is audited by id and property names, and what moves is counted', async () => {
    const { deps, versions, crm, audit } = buildCriteriaDeps();
    await versions.saveVersion(tenantId(PORTAL), buildDefaultCriteria(), { actor: viewer.actor });
    await versions.publishVersion(tenantId(PORTAL), 1);
    await versions.saveVersion(tenantId(PORTAL), stopNobody(), { actor: viewer.actor });
    for (const id of ['11', '12', '13']) crm.add(tenantId(PORTAL), id, inquiry);
    crm.add(tenantId(PORTAL + 1), '99', inquiry);

    const sim = await simulateCriteria(viewer, { draft: 'latest', sampleSize: 500 }, deps);

    expect(sim).toMatchObject({ sampled: 3, requested: 200, draft: { version: 2, label: 'v2 (draft)' }, live: { version: 1, label: 'v1 (live)' } });
    // The template stops these inquiries with a hard stop; without hard stops none is disqualified.
    expect(sim.outcomes.moved).toBe(3);
    expect(sim.outcomes.distribution.find((d) => d.label === 'disqualified')).toEqual({ label: 'disqualified', current: 3, draft: 0 });
    const names = requiredContactProperties(buildDefaultCriteria());
    const reads = audit.entries.filter((e) => e.action === 'contact.read');
    expect(reads.map((e) => e.objectId).sort()).toEqual(['11', '12', '13']);
    expect(reads.every((e) => e.actor === viewer.actor && e.requestId === 'req-3' && e.portalId === PORTAL && JSON.stringify(e.propertyNames) === JSON.stringify(names))).toBe(true);
    expect(JSON.stringify(audit.entries)).not.toContain('knee');
    expect(audit.entries.at(-1)).toMatchObject({ action: 'criteria.simulated', objectId: 'v2', criteriaVersion: 'v2' });
  });

  it('when nothing is live yet, then every sampled contact starts as unscored', async () => {
    const { deps, versions, crm } = buildCriteriaDeps();
    await versions.saveVersion(tenantId(PORTAL), buildDefaultCriteria(), { actor: viewer.actor });
    crm.add(tenantId(PORTAL), '21', inquiry);
    const sim = await simulateCriteria(viewer, { draft: 'latest', sampleSize: Number.NaN }, deps);
    expect(sim.live).toBeUndefined();
    expect(sim.requested).toBe(100);
    expect(sim.bands.distribution.find((d) => d.label === 'unscored')).toEqual({ label: 'unscored', current: 1, draft: 0 });
  });

  it('when the portal has no criteria or no such version, then the answer is the console 404 and nothing is read', async () => {
    const { deps, crm, audit } = buildCriteriaDeps();
    await expect(simulateCriteria(viewer, { draft: 'latest', sampleSize: 10 }, deps)).rejects.toMatchObject({ code: 'not_found' });
    await expect(simulateCriteria(viewer, { draft: 7, sampleSize: 10 }, deps)).rejects.toMatchObject({ code: 'not_found' });
    expect(crm.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
  });
});

describe('summarise', () => {
  it.each([
    ['nobody moved', [{ from: 'high', to: 'high' }], 0, []],
    ['two moved one way, one another', [{ from: 'low', to: 'high' }, { from: 'medium', to: 'high' }, { from: 'low', to: 'high' }], 3, [{ from: 'low', to: 'high', count: 2 }, { from: 'medium', to: 'high', count: 1 }]],
  ])('when %s, then moved and transitions say so', (_name, pairs, moved, transitions) => {
    const summary = summarise(pairs, ['high', 'medium', 'low']);
    expect(summary.moved).toBe(moved);
    expect(summary.transitions).toEqual(transitions);
    expect(summary.distribution.reduce((n, d) => n + d.current, 0)).toBe(pairs.length);
  });
});

describe('tryLead', () => {
  it('when sample values are given, then they feed the properties the criteria map them to and nothing is audited or read from the CRM', async () => {
    const { deps, versions, crm, audit } = buildCriteriaDeps();
    await versions.saveVersion(tenantId(PORTAL), buildDefaultCriteria(), { actor: viewer.actor });
    const withZip = await tryLead(tenantId(PORTAL), { criteria: 'published', values: { zip: '10018', message: 'Book a consultation next week please', consent: 'true' } }, deps);
    const without = await tryLead(tenantId(PORTAL), { criteria: 'published', values: { message: 'Book a consultation next week please', consent: 'true' } }, deps);
    expect(withZip.chosen).toMatchObject({ version: 1, label: 'v1 (draft)' });
    expect(without.result).toBeDefined();
    expect(withZip.result?.missingInfo).not.toEqual(without.result?.missingInfo);
    expect(crm.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('when no values are asked for or the portal has no criteria, then nothing is scored', async () => {
    const { deps, versions } = buildCriteriaDeps();
    expect(await tryLead(tenantId(PORTAL), { criteria: 'published', values: { zip: '10018' } }, deps)).toMatchObject({ chosen: undefined, result: undefined });
    await versions.saveVersion(tenantId(PORTAL), buildDefaultCriteria(), { actor: viewer.actor });
    expect(await tryLead(tenantId(PORTAL), { criteria: 'latest' }, deps)).toMatchObject({ chosen: { version: 1 }, result: undefined });
  });
});
