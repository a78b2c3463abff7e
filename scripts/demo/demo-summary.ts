import { tenantId } from '../../src/app/ports/ids';
import type { AuditLogRepository } from '../../src/adapters/db/audit-log.repository';
import type { HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { percentile } from '../bench/bench-result';
import type { DemoResults } from './demo-results';

/**
 * Prints what the run showed: outcomes, latency, the follow-up tasks and HubSpot calls CareQual
 * made, whether the audit chain verifies, and how to look at it all in the console.
 */
export async function printSummary(
  say: (line: string) => void,
  run: { results: DemoResults; sandbox: HubSpotSandbox; audit: AuditLogRepository; elapsedMs: number; latency: number },
): Promise<void> {
  const { results, sandbox } = run;
  const { contacts, portalId } = results;
  const byOutcome = new Map<string, number>();
  for (const c of contacts) byOutcome.set(c.outcome, (byOutcome.get(c.outcome) ?? 0) + 1);
  const latencies = contacts.map((c) => c.latencyMs).filter(Number.isFinite);
  const counters = sandbox.counters(portalId);
  const tasks = sandbox.listTasks(portalId);
  const report = await run.audit.verify(tenantId(portalId));

  say('');
  say(`Summary: ${contacts.length} inquiries qualified and written back to HubSpot (${(run.elapsedMs / 1000).toFixed(1)} s from start, setup included)`);
  say(`  outcomes: ${['care_ready', 'nurture', 'needs_review', 'disqualified'].map((o) => `${o} ${byOutcome.get(o) ?? 0}`).join(' · ')}`);
  if (latencies.length) say(`  latency, contact created → carequal_* written: p50 ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms (each HubSpot call takes ${run.latency} ms here)`);
  say(`  follow-up tasks in HubSpot (care-ready and review-first leads): ${tasks.length}; HubSpot API calls: ${counters.requests} (${counters.rateLimited} rate-limited); webhook deliveries: ${counters.webhookDeliveries}`);
  say(`  audit log: ${report.entriesChecked} entries for portal ${portalId}, HMAC chain ${report.ok ? 'verified intact' : 'BROKEN'}`);
  say('');
  say(`Console: ${results.consoleUrl}`);
  say(`  Click "Sign in with HubSpot"; the sandbox's consent page stands in for HubSpot: choose "Account ${portalId}" and press "Connect app".`);
  say('  Then: criteria (edit, simulate, publish), "Try a lead", the audit log (filter, export, verify) and install health.');
  say(`The contacts as HubSpot holds them: ${sandbox.url}/_sandbox/portals/${portalId}/contacts`);
}
