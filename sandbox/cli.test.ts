import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runSandboxCli } from './cli';
import { buildApp, callHubSpot } from './test-support/sandbox-fixture';

describe('sandbox CLI', () => {
  it('when started in-process with flags, then the rate limit and latency apply and the URL is printed', async () => {
    const lines: string[] = [];
    const sandbox = await runSandboxCli(['--port', '0', '--rate-limit', '2', '--latency', '30', '--quiet'], (l) => lines.push(l));
    try {
      expect(lines[0]).toContain(sandbox.url);
      const app = buildApp();
      sandbox.registerApp(app);
      const { access_token } = sandbox.installApp({ clientId: app.clientId });
      const started = Date.now();
      const first = await callHubSpot(sandbox.url, 'GET', '/crm/v3/owners', { token: access_token });
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
      expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('2');
    } finally {
      await sandbox.close();
    }
  });

  it('when run as a separate process, then it prints its URL as JSON and answers on the control API', async () => {
    const child = spawn(join(__dirname, '../node_modules/.bin/tsx'), [join(__dirname, 'cli.ts'), '--port', '0', '--json', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox CLI exited with ${code}`)));
      });
      const { url } = JSON.parse(firstLine) as { url: string };
      const created = await callHubSpot(url, 'POST', '/_sandbox/portals', { json: { portalId: 4242 } });
      expect(created.body).toMatchObject({ portalId: 4242 });
      expect((await callHubSpot(url, 'GET', '/_sandbox/health')).body.ok).toBe(true);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
