import { tenantId } from '../../src/app/ports/ids';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/adapters/db/database';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { expectRecovered, inquiryMix } from '../support/reliability-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * PostgreSQL becomes unreachable for a few seconds and comes back. CareQual runs against a
 * database of its own on the real PostgreSQL server, through a TCP proxy the test controls:
 * pausing it drops every pooled connection and refuses new ones (what a fail-over or a restart
 * looks like from the app), without needing rights over the server or touching other tests.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

(adminUrl ? describe : describe.skip)('PostgreSQL unavailable for a few seconds', () => {
  const database = `cq_rel_${randomBytes(5).toString('hex')}`;
  let proxy: TcpProxy;
  let app: SandboxedApp;

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const server = new URL(adminUrl!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(adminUrl!);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${database}`;
    // HubSpot retries a failed delivery for hours; 0.3 s, 0.6 s, … (≈16 s over 10 retries) stands in for that here.
    app = await startSandboxedApp({ env: { DATABASE_URL: url.toString() }, sandbox: { webhookRetryDelayMs: (n) => 300 * n } });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  const readyz = async () => (await fetch(`${app.baseUrl}/readyz`)).status;

  it('when the database connection is cut mid-run and restored, then every contact is qualified exactly once, no job is stuck or failed, the audit chain verifies and /readyz recovers', async () => {
    expect(app.runtime.services.db.kind).toBe('postgres');
    const { portalId } = await installThroughOAuth(app);
    app.sandbox.setFaults({ '/crm/*': { latencyMs: 30 } });
    const before = await app.sandbox.createContacts(portalId, Array.from({ length: 24 }, (_, i) => inquiryMix(i)));
    await eventually(() => (before.some((id) => app.sandbox.getContact(portalId, id)?.properties.carequal_outcome) ? true : undefined), 30_000, 'a first write-back');

    proxy.pause();
    const deliveriesBefore = app.sandbox.webhookDeliveries().length;
    const during = await app.sandbox.createContacts(portalId, Array.from({ length: 8 }, (_, i) => inquiryMix(i)));
    await eventually(async () => ((await readyz()) === 503 ? true : undefined), 20_000, '/readyz 503');
    // The web role stores a delivery as one intake job in Redis and reads no database, so HubSpot's
    // deliveries are accepted while PostgreSQL is away; the intake worker retries them until it is back.
    const answeredDuring = () => app.sandbox.webhookDeliveries().slice(deliveriesBefore).filter((d) => d.status !== undefined);
    await eventually(() => (answeredDuring().length > 0 ? true : undefined), 20_000, 'a delivery answered during the outage');
    expect(answeredDuring().map((d) => d.status)).toEqual(answeredDuring().map(() => 200));

    proxy.resume();
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), 20_000, '/readyz 200 again');
    const after = await app.sandbox.createContacts(portalId, Array.from({ length: 8 }, (_, i) => inquiryMix(i)));

    await expectRecovered(app, tenantId(portalId), [...before, ...during, ...after], 90_000);
  }, 150_000);

  it('when the connection drops while a transaction holds it between two statements, then the transaction rejects, the process does not crash and the next transaction works once the database is back', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const server = new URL(adminUrl!);
    const own = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(adminUrl!);
    url.hostname = '127.0.0.1';
    url.port = String(own.port);
    url.pathname = `/${database}`;
    const db = await openDatabase({ url: url.toString(), schema: 'tx_drop' });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS t (n int)');
      let inside!: () => void;
      const reachedInside = new Promise<void>((r) => (inside = r));
      let cut!: () => void;
      const wasCut = new Promise<void>((r) => (cut = r));
      const tx = db.transaction(async (q) => {
        await q.query('INSERT INTO t VALUES (1)');
        inside();
        await wasCut; // the connection dies while no statement is running
        await q.query('INSERT INTO t VALUES (2)');
      });
      await reachedInside;
      own.pause();
      await new Promise((r) => setImmediate(r));
      cut();
      await expect(tx).rejects.toThrow();
      own.resume();
      await db.transaction((q) => q.query('INSERT INTO t VALUES (3)'));
      expect((await db.query<{ n: number }>('SELECT n FROM t ORDER BY n')).rows.map((r) => r.n)).toEqual([3]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.close();
      await own.close();
    }
  });
});
