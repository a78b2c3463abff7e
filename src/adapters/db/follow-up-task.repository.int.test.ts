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

  const age = (portalId: number, ms: number) => db.query(`UPDATE follow_up_tasks SET created_at = now() - make_interval(secs => $2::double precision / 1000) WHERE portal_id = $1`, [portalId, ms]);

  it('when a claim without a task is younger than the lease, then another run is told how long it still runs', async () => {
    const portalId = ++portal;
    expect(await repo.claim(portalId, '101', 'h1')).toBe(true);
    expect(await repo.claim(portalId, '101', 'h1')).toBe(false);
    await age(portalId, 10_000);
    const state = await repo.reclaimIfStale(portalId, '101', 'h1', 30_000);
    expect(state).toEqual({ pendingForMs: expect.any(Number) });
    expect((state as { pendingForMs: number }).pendingForMs).toBeGreaterThan(15_000);
    expect((state as { pendingForMs: number }).pendingForMs).toBeLessThanOrEqual(20_000);
  });

  it('when a claim without a task outlived the lease, then exactly one of two runs takes it over', async () => {
    const portalId = ++portal;
    await repo.claim(portalId, '101', 'h1');
    await age(portalId, 31_000);
    const states = await Promise.all([repo.reclaimIfStale(portalId, '101', 'h1', 30_000), repo.reclaimIfStale(portalId, '101', 'h1', 30_000)]);
    expect(states.filter((s) => s === 'reclaimed')).toHaveLength(1);
    expect(states.find((s) => s !== 'reclaimed')).toEqual({ pendingForMs: expect.any(Number) });
  });

  it('when the task was recorded, then the slot is done however old it is', async () => {
    const portalId = ++portal;
    await repo.claim(portalId, '101', 'h1');
    await repo.recordCreated(portalId, '101', 'h1', '9001', undefined);
    await age(portalId, 3_600_000);
    expect(await repo.reclaimIfStale(portalId, '101', 'h1', 30_000)).toBe('done');
  });
});
