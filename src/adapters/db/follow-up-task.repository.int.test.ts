import { contactId } from '../../app/ports/ids';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import type { Database } from './database';
import { FollowUpTaskRepository } from './follow-up-task.repository';
import { migrate } from './migrator';

describe.each(databaseEngines())('FollowUpTaskRepository on %s', (engine) => {
  let db: Database;
  let repo: FollowUpTaskRepository;
  let portal = 61_000;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = new FollowUpTaskRepository(db);
  });
  afterAll(async () => db?.close());

  const STATE = { band: 'medium', route: 'schedule_consult', priority: 'MEDIUM' as const, dueAt: new Date('2026-11-17T19:00:00Z'), open: true };
  const age = (portalId: number, ms: number) => db.query(`UPDATE follow_up_tasks SET created_at = now() - make_interval(secs => $2::double precision / 1000) WHERE portal_id = $1`, [portalId, ms]);

  it('when a claim without a task is younger than the lease, then another run is told how long it still runs', async () => {
    const portalId = ++portal;
    expect(await repo.claim(portalId, contactId('101'), 'h1')).toBe(true);
    expect(await repo.claim(portalId, contactId('101'), 'h1')).toBe(false);
    await age(portalId, 10_000);
    const state = await repo.reclaimIfStale(portalId, contactId('101'), 'h1', 30_000);
    expect(state).toEqual({ pendingForMs: expect.any(Number) });
    expect((state as { pendingForMs: number }).pendingForMs).toBeGreaterThan(15_000);
    expect((state as { pendingForMs: number }).pendingForMs).toBeLessThanOrEqual(20_000);
  });

  it('when a claim without a task outlived the lease, then exactly one of two runs takes it over', async () => {
    const portalId = ++portal;
    await repo.claim(portalId, contactId('101'), 'h1');
    await age(portalId, 31_000);
    const states = await Promise.all([repo.reclaimIfStale(portalId, contactId('101'), 'h1', 30_000), repo.reclaimIfStale(portalId, contactId('101'), 'h1', 30_000)]);
    expect(states.filter((s) => s === 'reclaimed')).toHaveLength(1);
    expect(states.find((s) => s !== 'reclaimed')).toEqual({ pendingForMs: expect.any(Number) });
  });

  it('when the task was recorded, then the slot is done however old it is', async () => {
    const portalId = ++portal;
    await repo.claim(portalId, contactId('101'), 'h1');
    await repo.recordCreated(portalId, contactId('101'), 'h1', '9001', undefined, STATE);
    await age(portalId, 3_600_000);
    expect(await repo.reclaimIfStale(portalId, contactId('101'), 'h1', 30_000)).toBe('done');
  });

  it('when a task is moved to a newer inquiry and later completed, then the latest task of the contact says so and no second row appears', async () => {
    const portalId = ++portal;
    await repo.claim(portalId, contactId('101'), 'inq-1');
    await repo.recordCreated(portalId, contactId('101'), 'inq-1', '9001', '11', STATE);
    expect(await repo.listLatestTasks(portalId, [contactId('101'), contactId('102')])).toEqual(new Map([['101', { ...STATE, contactId: '101', inquiryKey: 'inq-1', taskId: '9001' }]]));
    const high = { ...STATE, band: 'high', priority: 'HIGH' as const, dueAt: new Date('2026-11-17T15:05:00Z') };
    await repo.recordUpdated(portalId, contactId('101'), 'inq-1', 'inq-2', high);
    expect((await repo.listLatestTasks(portalId, [contactId('101')])).get(contactId('101'))).toEqual({ ...high, contactId: '101', inquiryKey: 'inq-2', taskId: '9001' });
    await repo.recordUpdated(portalId, contactId('101'), 'inq-2', 'inq-2', { ...high, open: false });
    expect((await repo.listLatestTasks(portalId, [contactId('101')])).get(contactId('101'))).toMatchObject({ open: false, inquiryKey: 'inq-2' });
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM follow_up_tasks WHERE portal_id = $1', [portalId]);
    expect(rows[0]!.n).toBe(1);
  });
});
