import { tenantId } from '../../src/app/ports/ids';
import { runEffectiveness } from '../../src/app/effectiveness/run-effectiveness';
import { buildDefaultCriteria, type EffectivenessReport } from '../../src/core';
import { buildEffectivenessDeps } from '../../src/main/effectiveness.wiring';
import type { SandboxedApp } from '../local-stack/local-stack';
import { buildDemoLeads, toFormValues } from './demo-leads';

/** The `effectiveness` object of the demo's `--json` (DESIGN.md §10). */
export interface DemoEffectiveness {
  byBand: Partial<Record<'high' | 'medium' | 'low', { qualified: number; booked: number }>>;
  speedToLeadMedianMinutes: number | null;
  respondByMetShare: number | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How often each band books in the seeded history (higher bands book more; a few stopped leads book anyway). */
const BOOKING_RATE: Record<string, number> = { high: 0.55, medium: 0.3, low: 0.1, disqualified: 0.05 };
/** Mean minutes until intake first reaches out, on weekdays; weekends are four times slower. */
const MEAN_RESPONSE_MINUTES: Record<string, number> = { high: 25, medium: 240, low: 1440 };

/** A small deterministic PRNG (mulberry32), so a seeded history is the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `--history N`: N inquiries over the past 90 days, made from the sample leads with new e-mails
 * and past dates. CareQual qualifies them as they arrive (webhooks); the seed then records what
 * intake did, as HubSpot would hold it: the first engagement (slower on weekends and for lower
 * bands), the intake disposition (booked at each band's rate), and the respond-by CareQual would
 * have set at arrival (its band's SLA). Then the effectiveness job runs once, in process.
 */
export async function seedHistory(app: SandboxedApp, portalId: number, n: number, opts: { deadlineMs: number; say: (line: string) => void }): Promise<{ report: EffectivenessReport; summary: DemoEffectiveness }> {
  const rand = random(20);
  const samples = buildDemoLeads();
  const now = Date.now();
  const arrivals: number[] = [];
  const inputs = Array.from({ length: n }, (_, i) => {
    const sample = samples[i % samples.length]!;
    const arrived = now - Math.floor((1 + rand() * 89) * DAY_MS);
    arrivals.push(arrived);
    const at = new Date(arrived).toISOString();
    return toFormValues({ ...sample.properties, email: `history${i}.${sample.properties.email}`, createdate: at, recent_conversion_date: at });
  });
  const ids: string[] = [];
  for (let i = 0; i < inputs.length; i += 100) ids.push(...(await app.sandbox.createContacts(portalId, inputs.slice(i, i + 100), { source: 'FORM', sourceId: 'form:patient-inquiry' })));
  opts.say(`Seeded ${n} historical inquiries over the past 90 days; waiting for CareQual to qualify them…`);
  while (ids.some((id) => !app.sandbox.getContact(portalId, id)?.properties.carequal_outcome)) {
    if (Date.now() > opts.deadlineMs) throw new Error('historical inquiries were not all qualified in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const slaOf = new Map(buildDefaultCriteria().bands.map((b) => [b.band, b.slaMinutes]));
  for (const [i, id] of ids.entries()) {
    const p = app.sandbox.getContact(portalId, id)!.properties;
    const band = p.carequal_band ?? 'low';
    const arrived = arrivals[i]!;
    const weekend = [0, 6].includes(new Date(arrived).getUTCDay());
    const delay = -Math.log(1 - rand()) * (MEAN_RESPONSE_MINUTES[band] ?? 1440) * (weekend ? 4 : 1);
    const sla = slaOf.get(band as 'high');
    const booked = rand() < (BOOKING_RATE[p.carequal_outcome === 'disqualified' ? 'disqualified' : band] ?? 0.1);
    await app.sandbox.updateContact(portalId, id, {
      ...(rand() < 0.85 ? { hs_sa_first_engagement_date: new Date(arrived + delay * MINUTE_MS).toISOString() } : {}),
      ...(sla != null && p.carequal_outcome !== 'disqualified' ? { carequal_respond_by: new Date(arrived + sla * MINUTE_MS).toISOString() } : {}),
      carequal_intake_disposition: booked ? 'reached_booked' : rand() < 0.5 ? 'reached_not_booked' : 'not_reached',
    });
  }
  const result = await runEffectiveness({ portalId: tenantId(portalId), requestedBy: 'demo', actor: { kind: 'system', role: 'cli' } }, buildEffectivenessDeps(app.runtime.services));
  const { report } = result;
  opts.say(`Effectiveness: ${result.contactsRead} scored inquiries read in ${result.hubspotCalls} HubSpot searches; see the console's Effectiveness page.`);
  const byBand = Object.fromEntries(report.conversion.byBand.map((c) => [c.key, { qualified: c.qualified, booked: c.booked }]));
  const speed = report.speed.overall;
  return { report, summary: { byBand, speedToLeadMedianMinutes: speed.medianMinutes, respondByMetShare: speed.due === 0 ? null : speed.met / speed.due } };
}
