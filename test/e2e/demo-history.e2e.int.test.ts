/**
 * `npm run demo -- --history N --json F` as a user runs it (issue 20): the seeded history goes
 * through the real pipeline and the effectiveness job, and F holds the effectiveness summary, in
 * which the high band books more often than the low band.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DemoResults } from '../../scripts/demo/demo-results';
import { collect, REPO_ROOT, spawnEntry } from '../support/cli';

describe('npm run demo -- --history', () => {
  it('when run with --history 200, then the JSON holds the effectiveness summary and high books more than low', async () => {
    const jsonFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'carequal-demo-history-')), 'demo.json');
    const demo = collect(spawnEntry('scripts/demo/demo.ts', ['--port', '0', '--latency', '0', '--history', '200', '--json', jsonFile], { REDIS_URL: process.env.TEST_REDIS_URL, NO_COLOR: '1' }, REPO_ROOT));
    const code = await demo.exited;
    expect({ code, stderr: demo.stderr().slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const { effectiveness } = JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoResults;
    const rate = (band: 'high' | 'low') => effectiveness!.byBand[band]!.booked / effectiveness!.byBand[band]!.qualified;
    expect(Object.values(effectiveness!.byBand).reduce((n, c) => n + c.qualified, 0)).toBe(210); // 200 seeded + the 10 samples
    expect(rate('high')).toBeGreaterThan(rate('low'));
    expect(effectiveness!.speedToLeadMedianMinutes).toBeGreaterThan(0);
    expect(effectiveness!.respondByMetShare).toBeGreaterThanOrEqual(0);
    expect(effectiveness!.respondByMetShare).toBeLessThanOrEqual(1);
    expect(demo.stdout()).toMatch(/Effectiveness: 210 scored inquiries read in \d+ HubSpot searches/);
  }, 300_000);
});
