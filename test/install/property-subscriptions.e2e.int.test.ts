import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { callHubSpot } from '../../sandbox/test-support/sandbox-fixture';
import { publishCriteria } from '../../src/app/criteria/publish-criteria';
import { buildDefaultCriteria } from '../../src/core';
import { buildContact } from '../../src/core/testing/contact.factory';
import { buildConsoleDeps } from '../../src/main/console.feature';
import { waitForQueuesIdle } from '../support/pipeline-probes';
import { eventually, installThroughOAuth, startSandboxedApp, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * Subscriptions that follow the criteria (issue 21): a practice that maps a signal to a field of
 * its own gets change events for that field through a per-install OBJECT subscription of the
 * webhooks journal, kept equal to what its published criteria read; analytics counters never.
 */
describe('property-change subscriptions that follow the published criteria (local HubSpot sandbox)', () => {
  let app: SandboxedApp;
  let portalId: TenantId;

  const objectSubscriptions = () => app.sandbox.journalSubscriptions(TEST_APP_ID).filter((s) => s.subscriptionType === 'OBJECT' && s.portalId === portalId);
  const followed = () => objectSubscriptions().flatMap((s) => s.properties);
  const scoredTimes = (id: string) => app.sandbox.getContact(portalId, id)?.history.carequal_scored_at?.length ?? 0;
  const readiness = (id: string) => app.sandbox.getContact(portalId, id)?.properties.carequal_readiness_score;

  /** Changes the followed field and waits until CareQual wrote a different readiness for it (and the queues are idle). */
  async function changeTimeframe(id: string, timeframe: string): Promise<void> {
    const before = readiness(id);
    await app.sandbox.updateContact(portalId, id, { visit_timeframe: timeframe });
    await eventually(() => (readiness(id) !== before ? true : undefined), 20_000, `re-qualification after visit_timeframe became "${timeframe}"`);
    await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);
  }

  async function createInquiry(timeframe: string): Promise<string> {
    const form = buildContact({ email: `inquiry.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example-mail.com`, treatment_timeline: null });
    const values = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => e[1] !== null));
    const [id] = await app.sandbox.createContacts(portalId, [{ ...values, visit_timeframe: timeframe }]);
    await eventually(() => (scoredTimes(id!) >= 1 ? true : undefined), 30_000, 'first qualification');
    return id!;
  }

  beforeAll(async () => {
    app = await startSandboxedApp({ env: { HUBSPOT_JOURNAL_POLL_MS: '200' } });
    portalId = tenantId((await installThroughOAuth(app)).portalId);
    // The practice's own intake field, which no fresh portal has.
    const { access_token } = app.sandbox.installApp({ clientId: app.config.HUBSPOT_CLIENT_ID, portalId });
    const created = await callHubSpot(app.sandbox.url, 'POST', '/crm/properties/2026-03/contacts', {
      token: access_token, json: { name: 'visit_timeframe', label: 'When would you like to come in?', type: 'string', fieldType: 'text', groupName: 'contactinformation' },
    });
    expect(created.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('when CareQual is installed, then the portal follows every property the default criteria read except the analytics counters', async () => {
    await eventually(() => (objectSubscriptions().length === 1 ? true : undefined), 10_000, 'install-time subscription');
    expect(followed()).toEqual(expect.arrayContaining(['insurance_provider', 'service_interest', 'treatment_timeline']));
    expect(followed().filter((p) => p.startsWith('hs_analytics_num_'))).toEqual([]);
  });

  it('when criteria mapping a custom field are published, then the sandbox shows the subscription for it, and a change to that field re-qualifies the contact', async () => {
    const deps = buildConsoleDeps(app.runtime.services, { prefix: app.queuePrefix }).criteria;
    const base = buildDefaultCriteria();
    const saved = await deps.versions.saveVersion(portalId, { ...base, propertyMap: { ...base.propertyMap, timeline: ['visit_timeframe'] } }, { actor: { kind: 'system', role: 'cli' } });
    await publishCriteria({ portalId, actor: { kind: 'system', role: 'cli' } }, saved.version, 'offer', deps);

    expect(objectSubscriptions()).toEqual([expect.objectContaining({ objectTypeId: '0-1', actions: ['UPDATE'], objectIds: [] })]);
    expect(followed()).toContain('visit_timeframe');
    expect(followed()).not.toContain('treatment_timeline');

    const id = await createInquiry('In 6+ months');

    await changeTimeframe(id, 'Within 2 weeks');

    expect(app.sandbox.journalEvents()).toContainEqual(expect.objectContaining({ subscriptionType: 'OBJECT', objectId: Number(id), propertyName: 'visit_timeframe' }));
    const pushed = app.sandbox.webhookDeliveries().flatMap((d) => d.events as Array<{ propertyName?: string }>);
    expect(pushed.filter((e) => e.propertyName === 'visit_timeframe')).toEqual([]); // it came through the journal, not the app-wide file
  });

  it('when an analytics counter changes, then nothing is delivered or journaled for it and the contact is not re-qualified', async () => {
    const quiet = await createInquiry('In 6+ months');
    const witness = await createInquiry('In 6+ months');
    // Once a later followed change of another contact is through, everything before it is too.
    await changeTimeframe(witness, 'Within 2 weeks');
    const before = scoredTimes(quiet);

    await app.sandbox.updateContact(portalId, quiet, { hs_analytics_num_page_views: '42', hs_analytics_num_visits: '9' });
    await app.sandbox.flushWebhooks();
    await changeTimeframe(witness, 'In 6+ months');

    expect(scoredTimes(quiet)).toBe(before);
    expect(app.sandbox.journalEvents().filter((e) => 'propertyName' in e && String(e.propertyName).startsWith('hs_analytics_num_'))).toEqual([]);
    const delivered = app.sandbox.webhookDeliveries().flatMap((d) => d.events as Array<{ propertyName?: string }>);
    expect(delivered.filter((e) => e.propertyName?.startsWith('hs_analytics_num_'))).toEqual([]);
  });
});
