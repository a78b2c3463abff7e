import { tenantId } from '../../src/app/ports/ids';
import { randomUUID } from 'node:crypto';
import { BackfillRunRepository } from '../../src/adapters/db/backfill-run.repository';
import { startBackfill } from '../../src/app/backfill';
import { appServicesOf } from '../../src/main/app-services';
import { queuesOf } from '../../src/main/queues.wiring';
import { installIntoPortal } from '../../scripts/local-stack/local-stack';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';
import { inquiryValues, waitForQueuesIdle, waitForWriteBack } from '../support/pipeline-probes';

/**
 * Live leads first (issue 22): a portal re-scoring its contacts at its HubSpot ceiling still
 * gets its own new inquiries written at once, and another portal's new inquiries never wait for
 * it. Real Redis, PGlite and the HubSpot sandbox; the sandbox enforces a small rolling limit (24
 * per 2 s) so that the re-score is bound by the budget, as a re-score of 20,000 contacts is.
 */
describe('qualify pipeline: live inquiries while a portal re-scores', () => {
  const EXISTING = 1_500;
  let app: SandboxedApp;
  beforeAll(async () => {
    app = await startSandboxedApp({
      sandbox: { rateLimit: { max: 24, windowMs: 2_000 } },
      // 22 of the sandbox's 24 per window; backfill pages may use 14 of them, live inquiries all 22.
      features: { rateLimit: { maxRequests: 22, windowMs: 2_000, liveReserve: 8 } },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('when portal A re-scores 1,500 contacts while A and B get new inquiries, then the new inquiries are written before the re-score finishes, and the re-score completes without a 429', async () => {
    const portalA = app.sandbox.createPortal({ intakeFormFields: true });
    const existing = await app.sandbox.createContacts(portalA.portalId, Array.from({ length: EXISTING }, () => inquiryValues()));
    await installIntoPortal(app.baseUrl, portalA); // after the contacts exist: no webhooks for them
    const { portalId: portalB } = await installThroughOAuth(app);

    const runs = new BackfillRunRepository(app.runtime.services.db);
    const runId = randomUUID();
    const deps = { runs, audit: appServicesOf(app.runtime.services).audit, enqueueNextPage: queuesOf(app.runtime.services, { prefix: app.queuePrefix }).enqueueNextPage };
    await startBackfill({ portalId: tenantId(portalA.portalId), reason: 'rescore', requestedBy: { kind: 'system', role: 'cli' }, runId }, deps);
    await eventually(async () => ((await runs.get(runId))?.pagesEnqueued ?? 0) >= 2, 60_000, 'the re-score under way');

    const newInA = await app.sandbox.createContacts(portalA.portalId, Array.from({ length: 3 }, () => inquiryValues()));
    const newInB = await app.sandbox.createContacts(portalB, Array.from({ length: 3 }, () => inquiryValues()));
    await waitForWriteBack(app.sandbox, tenantId(portalA.portalId), newInA);
    await waitForWriteBack(app.sandbox, tenantId(portalB), newInB);
    const whenLiveWritten = (await runs.get(runId))!;
    expect(whenLiveWritten.status).toBe('running');
    expect(whenLiveWritten.contactsDone).toBeLessThan(EXISTING);

    const finished = await eventually(async () => {
      const run = await runs.get(runId);
      return run?.status === 'finished' ? run : undefined;
    }, 180_000, 'the finished re-score');
    // The re-score lists every contact of A, the three new ones included (they may come last).
    expect(finished.contactsDone).toBeGreaterThanOrEqual(EXISTING);
    await waitForWriteBack(app.sandbox, tenantId(portalA.portalId), existing);
    const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix, 60_000);
    expect(counts.qualify.failed + counts.backfill.failed).toBe(0);
    expect(app.sandbox.counters(portalA.portalId).rateLimited).toBe(0);
    expect(app.sandbox.counters(portalB).rateLimited).toBe(0);
  }, 330_000);
});
