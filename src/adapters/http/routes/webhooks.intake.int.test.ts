import { buildWebhookEvent } from '../../../../test/support/webhook-events';
import { startWebhookApp, type WebhookApp } from '../../../../test/support/webhook-app';

const PORTAL = 72_000_001;

interface Readiness { status: string; alarms?: { intake_backlog?: { queue: string; waiting: number; oldestWaitingSeconds: number }[] } }

async function readiness(app: WebhookApp): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
}

describe('webhook intake after an uninstall (component: real runtime, Redis, PGlite)', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    // The intake worker reuses what it knows of a portal for a minute, as busy production portals would.
    app = await startWebhookApp({ portalCacheTtlMs: 60_000 });
    await app.setInstallation(PORTAL, 'active');
  });
  afterAll(async () => app?.stop());

  it('when a portal is uninstalled right after a delivery was taken in, then its next delivery becomes no job (no cached "active")', async () => {
    expect((await app.send([buildWebhookEvent({ portalId: PORTAL, objectId: 9001 })])).status).toBe(200);
    expect((await app.jobs('qualify')).map((j) => j.data.contactIds)).toEqual([['9001']]);

    await app.setInstallation(PORTAL, 'uninstalled'); // what the uninstall's purge records
    expect((await app.send([buildWebhookEvent({ portalId: PORTAL, objectId: 9002 })])).status).toBe(200);
    await app.settled();
    expect((await app.jobs('qualify')).map((j) => j.data.contactIds)).toEqual([['9001']]);
    expect(app.audit.filter((e) => e.action === 'webhook.accepted')).toHaveLength(1);
  });
});

describe('/readyz while deliveries wait for an intake worker', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    app = await startWebhookApp({ intakeWorker: false, intakeBacklogAlarmSeconds: 0 });
    await app.setInstallation(PORTAL, 'active');
  });
  afterAll(async () => app?.stop());

  it('when no worker takes stored deliveries in, then /readyz stays ready and raises intake_backlog with its age; once taken in, the alarm is gone', async () => {
    expect((await readiness(app)).body.alarms?.intake_backlog).toBeUndefined();
    expect((await app.send([buildWebhookEvent({ portalId: PORTAL, objectId: 9101 })])).status).toBe(200);

    const waiting = await readiness(app);
    expect(waiting.status).toBe(200); // a web process that answers HubSpot stays in service
    expect(waiting.body.alarms?.intake_backlog).toEqual([{ queue: app.intakeQueueName, waiting: 1, delayed: 0, oldestWaitingSeconds: expect.any(Number) }]);

    app.startIntakeWorker();
    await app.settled();
    expect((await readiness(app)).body.alarms?.intake_backlog).toBeUndefined();
  });
});
