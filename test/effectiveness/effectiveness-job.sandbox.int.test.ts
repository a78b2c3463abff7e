import { type TenantId, tenantId } from '../../src/app/ports/ids';
import type { Database } from '../../src/adapters/db/database';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { migrate } from '../../src/adapters/db/migrator';
import { createEffectivenessCrm } from '../../src/adapters/hubspot/effectiveness-crm.adapter';
import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import { runEffectiveness, type EffectivenessDeps } from '../../src/app/effectiveness/run-effectiveness';
import { buildDefaultCriteria, compileCriteria } from '../../src/core';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { buildApp } from '../../sandbox/test-support/sandbox-fixture';
import { CountingBudget, RecordingAuditLog, StaticTenancy } from '../fakes/pipeline.fakes';
import { databaseEngines, openTestDatabase } from '../support/databases';

const NOW = new Date('2026-11-30T12:00:00Z');
const iso = (daysAgo: number, plusMinutes = 0) => new Date(NOW.getTime() - daysAgo * 86_400_000 + plusMinutes * 60_000).toISOString();
const CANARY_EMAIL = 'canary.patient.7731@example.org';

/**
 * A scored contact as HubSpot holds it after CareQual wrote its result and intake worked it.
 * Hand-counted fixture: 12 high (9 booked: 4 by disposition, 3 by lifecycle, 2 by a meeting),
 * 18 low (2 booked), 1 never scored, 1 scored outside the 90-day window.
 */
function scored(band: 'high' | 'low', daysAgo: number, outcome: Record<string, string>, version: string, i: number): Record<string, string> {
  return {
    email: i === 0 ? CANARY_EMAIL : `lead${i}@example.org`, firstname: `Canary${i}`,
    createdate: iso(daysAgo), carequal_scored_at: iso(daysAgo, 1), carequal_band: band, carequal_score: band === 'high' ? '82' : '31',
    carequal_outcome: band === 'high' ? 'care_ready' : 'nurture', carequal_route: band === 'high' ? 'intake_call_now' : 'nurture_sequence',
    carequal_rules_version: version, carequal_respond_by: iso(daysAgo, band === 'high' ? 5 : 24 * 60), ...outcome,
  };
}

describe.each(databaseEngines())('effectiveness job over the HubSpot sandbox (%s)', (engine) => {
  let sandbox: HubSpotSandbox;
  let portalId: TenantId;
  let db: Database;
  let deps: EffectivenessDeps;
  let audit: RecordingAuditLog;
  let budget: CountingBudget;
  let contactIds: string[];
  let client: HubSpotClient;

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
    const app = buildApp();
    sandbox.registerApp(app);
    portalId = tenantId((sandbox.createPortal({ intakeFormFields: true })).portalId);
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    db = await openTestDatabase(engine);
    await migrate(db);
    client = new HubSpotClient(new HubSpotHttp({ baseUrl: sandbox.url }), { getAccessToken: async () => tokens.access_token });
    await bootstrapProperties(client, portalId, 'standard');
    const tenancy = new StaticTenancy();
    const criteria = buildDefaultCriteria();
    tenancy.install(portalId, criteria, 1);
    const live = compileCriteria(criteria).version;
    const high = [
      ...[0, 1, 2, 3].map(() => ({ carequal_intake_disposition: 'reached_booked', hs_sa_first_engagement_date: '' })),
      ...[0, 1, 2].map(() => ({ lifecyclestage: 'customer' })),
      ...[0, 1].map(() => ({ engagements_last_meeting_booked: 'LATER' })),
      ...[0, 1, 2].map(() => ({ carequal_intake_disposition: 'reached_not_booked' })),
    ];
    const contacts = [
      ...high.map((o, i) => {
        const c = scored('high', 3 + i * 6, {}, live, i);
        const outcome = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
        if (outcome.engagements_last_meeting_booked) outcome.engagements_last_meeting_booked = iso(2 + i * 6);
        // intake answers the first 8 high leads after 3 minutes (in time), the rest after 30 (late)
        return { ...c, ...outcome, hs_sa_first_engagement_date: iso(3 + i * 6, i < 8 ? 3 : 30) };
      }),
      ...Array.from({ length: 18 }, (_, i) => scored('low', 2 + i * 4, i < 2 ? { carequal_intake_disposition: 'reached_booked' } : { carequal_intake_disposition: 'not_reached' }, 'v-old', 100 + i)),
      { email: 'never.scored@example.org', createdate: iso(5) },
      scored('high', 120, { lifecyclestage: 'customer' }, live, 200),
    ];
    contactIds = await sandbox.createContacts(portalId, contacts);
    audit = new RecordingAuditLog();
    budget = new CountingBudget();
    // "now" is NOW plus real elapsed time, and sleeps are real: the sandbox's 5-searches-a-second limit is live
    const started = Date.now();
    deps = {
      crm: createEffectivenessCrm(client), budget, clock: { now: () => new Date(NOW.getTime() + Date.now() - started) },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      store: new EffectivenessRepository(db), criteria: tenancy, audit, newRunId: () => `run-${engine}-1`,
    };
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
    await db?.close();
  });

  it('when the job runs, then conversion, speed and false negatives match the hand counts and only aggregates are stored', async () => {
    const result = await runEffectiveness({ portalId, requestedBy: 'cli', actor: { kind: 'system', role: 'cli' } }, deps);
    expect(result.contactsRead).toBe(30);
    expect(result.report.conversion.byBand).toEqual([{ key: 'high', qualified: 12, booked: 9 }, { key: 'low', qualified: 18, booked: 2 }]);
    expect(result.report.speed.byBand.find((c) => c.key === 'high')).toEqual({ key: 'high', responded: 12, medianMinutes: 3, p90Minutes: 30, due: 12, met: 8 });
    expect(result.report.falseNegatives).toEqual([{ reason: 'nurture', stopped: 18, laterBooked: 2 }]);
    // lift is computed over the live version's leads only, from the rules that fired when re-scored in memory
    expect(result.report.lift.every((row) => row.withCount + row.withoutCount === 12)).toBe(true);

    const run = await deps.store.latestRun(portalId);
    expect(run).toMatchObject({ status: 'finished', contactsRead: 30, hubspotCalls: result.hubspotCalls, requestedBy: 'cli' });
    const { rows } = await db.query<{ leads: number; booked: number }>('SELECT leads, booked FROM effectiveness_cells WHERE run_id = $1', [result.runId]);
    expect(rows.reduce((n, r) => n + Number(r.leads), 0)).toBe(30);
    expect(rows.reduce((n, r) => n + Number(r.booked), 0)).toBe(11);
  });

  it('when the stored figures are searched for any contact id, e-mail or name, then none is there (PHI canary)', async () => {
    const dump = JSON.stringify([
      (await db.query('SELECT * FROM effectiveness_runs')).rows, (await db.query('SELECT * FROM effectiveness_cells')).rows,
    ]);
    expect(dump).not.toContain(CANARY_EMAIL);
    expect(dump).not.toMatch(/Canary\d/);
    for (const id of contactIds) expect(dump).not.toMatch(new RegExp(`"(id|contactId|objectId)":"?${id}"?[,}]`));
  });

  it('when the job reads 90 days, then it stays within the budget: one search per weekly slice, each reserved from the portal budget, and every read audited', () => {
    expect(budget.spent).toBe(13);
    expect(sandbox.counters(portalId)).toMatchObject({ rateLimited: 0 });
    expect(audit.entries.filter((e) => e.action === 'contact.read')).toHaveLength(30);
    expect(audit.entries[0]!.propertyNames).toEqual(expect.arrayContaining(['carequal_band', 'carequal_intake_disposition', 'lifecyclestage']));
  });

  it('when intake completes CareQual\'s follow-up task of a lead nobody else answered, then that completion is its first outreach', async () => {
    const lowLead = contactIds[12]!; // the first low-band lead: no engagement date
    const created = await client.batchCreateTasks(portalId, [{ contactId: lowLead, subject: 'CareQual: call back', body: 'Call back', dueAt: new Date(), priority: 'HIGH' }]);
    const taskId = created.get(lowLead)!;
    await db.query('INSERT INTO follow_up_tasks (portal_id, contact_id, inquiry_key, hubspot_task_id) VALUES ($1, $2, $3, $4)', [portalId, lowLead, 'inquiry-1', taskId]);
    await client.batchUpdateTasks(portalId, [{ id: taskId, properties: { hs_task_status: 'COMPLETED' } }]);
    const spentBefore = budget.spent;
    const result = await runEffectiveness(
      { portalId, requestedBy: 'cli', actor: { kind: 'system', role: 'cli' }, windowDays: 120 },
      { ...deps, clock: { now: () => new Date(sandbox.now() + 60_000) }, newRunId: () => `run-${engine}-2` },
    );
    expect(result.report.speed.byBand.find((c) => c.key === 'low')).toMatchObject({ responded: 1 });
    expect(result.report.speed.byBand.find((c) => c.key === 'high')).toMatchObject({ responded: 12 });
    // 120 days a week at a time: 18 contact searches and 18 task searches, every one from the budget
    expect(result.hubspotCalls).toBe(36);
    expect(budget.spent - spentBefore).toBe(36);
  });

  it('when the portal has no published criteria, then the run is refused before anything is read', async () => {
    await expect(runEffectiveness({ portalId: tenantId(portalId + 1), requestedBy: 'cli', actor: { kind: 'system', role: 'cli' } }, deps)).rejects.toMatchObject({ code: 'installation.not_found' });
  });
});
