import { Router } from 'express';
import { createSilentLogger } from '../observability/logger';
import { buildTestConfig } from '../../test/support/config';
import { freshDataDir } from '../../test/support/databases';
import { scaledMs, waitFor } from '../../test/support/wait';
import { startRuntime, type Runtime } from './runtime';
import { freePort } from '../../sandbox/local-ports';
import { exampleAuditEntries } from '../../test/support/audit-entries';
import { insertStrayAuditRow } from '../../test/support/audit-stray';
import { createAuditLog } from './audit.wiring';

const tempDir = () => freshDataDir('carequal-runtime-');


describe('runtime (serve role)', () => {
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
  });

  it('when Redis and the database are up, then /healthz and /readyz answer 200', async () => {
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir() }), 'serve', createSilentLogger());
    const health = await fetch(`${runtime.http.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${runtime.http.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', failing: [], checks: { database: 'ok', migrations: 'ok', redis: 'ok' } });
  });

  it('when Redis is down, then /healthz is 200 and /readyz is 503 naming Redis', async () => {
    const config = buildTestConfig({ DATA_DIR: tempDir(), REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    runtime = await startRuntime(config, 'serve', createSilentLogger());
    expect((await fetch(`${runtime.http.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${runtime.http.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body).toMatchObject({ status: 'unavailable', failing: ['redis'], checks: { database: 'ok', migrations: 'ok' } });
    expect(body.checks.redis).not.toBe('ok');
  });

  it('when stopped during load, then in-flight requests finish with 200 and new connections are refused', async () => {
    let arrived = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = Router().get('/slow', async (_req, res) => {
      arrived++;
      await released; // held until the stop has begun: in flight for sure, however slow the machine
      res.json({ done: true });
    });
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir() }), 'serve', createSilentLogger(), { createRouters: () => [slow] });
    const url = runtime.http.url;
    const inFlight = Array.from({ length: 25 }, () => fetch(`${url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() })));
    await waitFor(() => arrived === 25, { what: 'all 25 requests in flight' });

    const stopping = runtime.stop(); // the server stops accepting at once
    release();
    const results = await Promise.all(inFlight);
    expect(results).toEqual(Array.from({ length: 25 }, () => ({ status: 200, body: { done: true } })));
    const startedStopAt = Date.now();
    await stopping;
    expect(Date.now() - startedStopAt).toBeLessThan(scaledMs(5000));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    runtime = undefined;
  });

  it('when an unknown route or a thrown error happens, then the answer is the one error shape', async () => {
    const failing = Router().get('/explode', () => {
      throw new Error('database password is hunter2');
    });
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir() }), 'serve', createSilentLogger(), { createRouters: () => [failing] });
    const missing = await fetch(`${runtime.http.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No such resource.' } });
    const exploded = await fetch(`${runtime.http.url}/explode`);
    expect(exploded.status).toBe(500);
    const text = await exploded.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
    expect(text).not.toContain('hunter2');
    expect(exploded.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(exploded.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('when /metrics is scraped after requests, then the internal metrics port exposes the request histogram and the public port does not serve it', async () => {
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir() }), 'serve', createSilentLogger());
    await fetch(`${runtime.http.url}/healthz`);
    const metrics = await (await fetch(`${runtime.metricsHttp!.url}/metrics`)).text();
    expect(metrics).toMatch(/carequal_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(metrics).toContain('carequal_process_cpu_user_seconds_total');
    expect(runtime.metricsHttp!.port).not.toBe(runtime.http.port);

    const onPublic = await fetch(`${runtime.http.url}/metrics`);
    expect(onPublic.status).toBe(404);
    expect(await onPublic.text()).not.toContain('carequal_');
    expect((await fetch(`${runtime.metricsHttp!.url}/readyz`)).status).toBe(404); // the internal port serves metrics only
  });

  it('when METRICS_TOKEN is set, then the public port serves /metrics only to a scrape with that bearer token', async () => {
    const token = 'm'.repeat(24) + 'etrics-token-for-tests';
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir(), METRICS_PORT: undefined, METRICS_TOKEN: token }), 'serve', createSilentLogger());
    expect(runtime.metricsHttp).toBeUndefined();
    const url = `${runtime.http.url}/metrics`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: token } })).status).toBe(401);
    const scraped = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('carequal_audit_tamper_alarms_total');
  });

  it('when rows were stored past a portal\'s audit head, then /readyz stays 200 and names the portal, and the next append raises the tamper alarm metric', async () => {
    runtime = await startRuntime(buildTestConfig({ DATA_DIR: tempDir() }), 'serve', createSilentLogger());
    const portalId = 61_000_001;
    const audit = createAuditLog(runtime.services);
    await audit.append([exampleAuditEntries(portalId)['installation.installed']]);
    expect(await (await fetch(`${runtime.http.url}/readyz`)).json()).not.toHaveProperty('alarms');

    await insertStrayAuditRow(runtime.services.db, portalId, 2);
    const ready = await fetch(`${runtime.http.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', alarms: { audit_tamper: [portalId] } });

    await audit.append([exampleAuditEntries(portalId)['criteria.viewed']]);
    const metrics = await (await fetch(`${runtime.metricsHttp!.url}/metrics`)).text();
    expect(metrics).toContain('carequal_audit_tamper_alarms_total{problem="stray_entries"} 1');
    expect(await (await fetch(`${runtime.http.url}/readyz`)).json()).toMatchObject({ alarms: { audit_tamper: [portalId] } });
  });
});
