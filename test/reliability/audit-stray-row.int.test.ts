import { tenantId } from '../../src/app/ports/ids';
import { appServicesOf } from '../../src/main/app-services';
import { insertStrayAuditRow } from '../support/audit-stray';
import { inquiryMix, waitForOutcomes, waitForQueuesIdle } from '../support/reliability-probes';
import { installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * Issue 18: one row inserted past a portal's recorded audit head (the app role's INSERT grant is
 * enough) used to stop the portal: every webhook 503, qualify jobs failing on a duplicate key.
 */
describe('a row inserted past the audit chain head', () => {
  let app: SandboxedApp;
  beforeAll(async () => {
    app = await startSandboxedApp({ sandbox: { seed: 18 } });
  }, 60_000);
  afterAll(async () => app?.stop());

  it('when the portal keeps receiving inquiries, then webhooks answer 200 and every contact is qualified, while the tamper alarm is raised and verify names the stray row', async () => {
    const { portalId } = await installThroughOAuth(app);
    const db = app.runtime.services.db;
    const { rows } = await db.query<{ s: number }>('SELECT max(seq) AS s FROM audit_log WHERE portal_id = $1', [portalId]);
    const straySeq = Number(rows[0]!.s) + 1;
    await insertStrayAuditRow(db, portalId, straySeq);

    const ids = await app.sandbox.createContacts(portalId, Array.from({ length: 8 }, (_, i) => inquiryMix(i)));
    await waitForOutcomes(app, tenantId(portalId), ids, 60_000);
    await app.sandbox.flushWebhooks();
    const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

    const deliveries = app.sandbox.webhookDeliveries().filter((d) => d.portalIds.includes(portalId));
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 200));
    expect(Object.values(counts.byQueue).reduce((n, c) => n + c.failed, 0)).toBe(0);

    const metrics = await (await fetch(`${app.runtime.metricsHttp!.url}/metrics`)).text();
    expect(metrics).toContain('carequal_audit_tamper_alarms_total{problem="stray_entries"} 1');
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', alarms: { audit_tamper: [portalId] } });
    const verification = await appServicesOf(app.runtime.services).audit.verify(tenantId(portalId));
    expect(verification).toMatchObject({ ok: false, broken: { portalId, seq: straySeq, problem: 'stray_entries' } });
    expect(verification.entriesChecked).toBeGreaterThan(straySeq); // the chain past the stray row was checked too
  }, 120_000);
});
