import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import { buildDefaultCriteria, compileCriteria } from '../../src/core';
import type { HubSpotSandbox } from '../../sandbox/hubspot-sandbox';

/** Per band: how many scored inquiries and how many of them booked. */
export type BandCounts = Partial<Record<'high' | 'medium' | 'low', { leads: number; booked: number }>>;

/**
 * Creates CareQual's properties in a sandbox portal and contacts as HubSpot holds them after
 * CareQual scored them (with the template criteria named `practiceName`) and intake worked them:
 * arrivals over the last 80 days, first engagement after 7 minutes, respond-by 10 minutes,
 * booked ones marked "reached — booked". Returns the contact ids.
 */
export async function seedScoredContacts(sandbox: HubSpotSandbox, portalId: number, accessToken: string, practiceName: string, counts: BandCounts, opts: { canaryEmail?: string } = {}): Promise<string[]> {
  const client = new HubSpotClient(new HubSpotHttp({ baseUrl: sandbox.url }), { getAccessToken: async () => accessToken });
  await bootstrapProperties(client, portalId, 'standard');
  const version = compileCriteria({ ...buildDefaultCriteria(), name: practiceName }).version;
  const now = Date.now();
  let serial = 0;
  const lead = (band: string, booked: boolean) => {
    const i = serial++;
    const arrived = new Date(now - (1 + (i % 80)) * 86_400_000 - (i % 24) * 3_600_000);
    return {
      email: i === 0 && opts.canaryEmail ? opts.canaryEmail : `lead${i}@example.org`, createdate: arrived.toISOString(), carequal_scored_at: new Date(arrived.getTime() + 60_000).toISOString(),
      carequal_band: band, carequal_score: band === 'high' ? '80' : band === 'medium' ? '55' : '20', carequal_outcome: band === 'low' ? 'nurture' : 'care_ready',
      carequal_route: band === 'low' ? 'nurture_sequence' : 'intake_call_now', carequal_rules_version: version,
      carequal_respond_by: new Date(arrived.getTime() + 10 * 60_000).toISOString(), hs_sa_first_engagement_date: new Date(arrived.getTime() + 7 * 60_000).toISOString(),
      ...(booked ? { carequal_intake_disposition: 'reached_booked' } : {}),
    };
  };
  const contacts = Object.entries(counts).flatMap(([band, c]) => Array.from({ length: c.leads }, (_, i) => lead(band, i < c.booked)));
  return sandbox.createContacts(portalId, contacts);
}
