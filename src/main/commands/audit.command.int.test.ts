import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../adapters/db/database';
import { migrate } from '../../adapters/db/migrator';
import { createAuditLogRepository } from '../../adapters/db/audit-log.repository';
import { decodeKey } from '../../config/config.schema';
import { exampleAuditEntries, qualifyBatchEntries } from '../../../test/support/audit-entries';
import { tamperWithAuditLog } from '../../../test/support/audit-tamper';
import { insertStrayAuditRow } from '../../../test/support/audit-stray';
import { collect, spawnCli } from '../../../test/support/cli';
import { buildTestEnv } from '../../../test/support/config';
import { copyDataDir, freshDataDir } from '../../../test/support/databases';
import { EXIT } from '../exit-codes';
import { EXIT_AUDIT_CHAIN_BROKEN } from './audit.command';

const PORTAL = 4_812_345;
const OTHER_PORTAL = 4_812_999;

/** A PGlite DATA_DIR (a copy of the migrated template) with two portals' audit entries, written with the env's HMAC key. */
async function seed(): Promise<{ env: Record<string, string | undefined>; dataDir: string }> {
  const dataDir = freshDataDir('carequal-audit-cli-seed-');
  const env = buildTestEnv({ DATA_DIR: dataDir });
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db);
    const repo = createAuditLogRepository({ db, hmacKey: decodeKey(env.AUDIT_HMAC_KEY!)! });
    await repo.append(qualifyBatchEntries(PORTAL, ['151', '152']).map((e, i) => ({ ...e, occurredAt: new Date(Date.UTC(2026, 10, 1 + i)) })));
    await repo.append([{ ...exampleAuditEntries(OTHER_PORTAL)['criteria.published'], occurredAt: new Date('2026-11-02T10:00:00.000Z') }]);
  } finally {
    await db.close();
  }
  return { env, dataDir };
}

async function withDatabase<T>(dataDir: string, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const run = async (args: string[], env: Record<string, string | undefined>) => {
  const child = collect(spawnCli(['audit', ...args], env));
  return { code: await child.exited, stdout: child.stdout(), stderr: child.stderr() };
};

describe('carequal audit (the real CLI on embedded PostgreSQL)', () => {
  let seeded: { env: Record<string, string | undefined>; dataDir: string };
  beforeAll(async () => {
    seeded = await seed();
  }, 120_000);

  /** The seeded database, a private copy for one test (seeded once: the copy costs no PGlite start). */
  async function seededEnvironment(): Promise<{ env: Record<string, string | undefined>; dataDir: string }> {
    const dataDir = copyDataDir(seeded.dataDir, 'carequal-audit-cli-');
    return { env: { ...seeded.env, DATA_DIR: dataDir }, dataDir };
  }

  it('when the log is intact, then verify exits 0, prints the heads, and records audit.verified as the CLI', async () => {
    const { env, dataDir } = await seededEnvironment();
    const result = await run(['verify'], env);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('audit log intact: 2 portal(s), 7 entries verified');
    expect(result.stdout).toMatch(new RegExp(`head portal ${PORTAL} seq 6 mac [0-9a-f]{64}`));

    const { rows } = await withDatabase(dataDir, (db) =>
      db.query("SELECT portal_id, actor_kind, actor_role, outcome FROM audit_log WHERE action = 'audit.verified' ORDER BY portal_id"),
    );
    expect(rows).toEqual([
      { portal_id: PORTAL, actor_kind: 'system', actor_role: 'cli', outcome: 'success' },
      { portal_id: OTHER_PORTAL, actor_kind: 'system', actor_role: 'cli', outcome: 'success' },
    ]);
  }, 120_000);

  it(`when an entry was altered, then verify exits ${EXIT_AUDIT_CHAIN_BROKEN} naming the portal and the entry`, async () => {
    const { env, dataDir } = await seededEnvironment();
    await withDatabase(dataDir, (db) => tamperWithAuditLog(db, "UPDATE audit_log SET outcome = 'failure', error_code = 'x' WHERE portal_id = $1 AND seq = 4", [PORTAL]));

    const all = await run(['verify'], env);
    expect(all.code).toBe(EXIT_AUDIT_CHAIN_BROKEN);
    expect(all.stdout).toContain(`audit log BROKEN: portal ${PORTAL} entry 4: mac_mismatch`);

    const other = await run(['verify', '--portal', String(OTHER_PORTAL)], env);
    expect(other.code).toBe(EXIT.ok);
  }, 120_000);

  it(`when a row was inserted past a chain head, then verify exits ${EXIT_AUDIT_CHAIN_BROKEN} naming the stray range before recording itself, and the portal keeps appending`, async () => {
    const { env, dataDir } = await seededEnvironment();
    await withDatabase(dataDir, (db) => insertStrayAuditRow(db, PORTAL, 7));

    const result = await run(['verify'], env);
    expect(result.code).toBe(EXIT_AUDIT_CHAIN_BROKEN);
    expect(result.stdout).toBe(`audit log BROKEN: portal ${PORTAL} entry 7: stray_entries (rows stored beside the chain, not written by CareQual (inserted past the recorded head))\n`);
    expect(result.stderr).toBe('');
    const { rows } = await withDatabase(dataDir, (db) => db.query('SELECT seq, action, outcome FROM audit_log WHERE portal_id = $1 AND seq > 6 ORDER BY seq', [PORTAL]));
    expect(rows).toEqual([
      { seq: 7, action: 'contact.read', outcome: 'success' },
      { seq: 8, action: 'audit.tamper_detected', outcome: 'failure' },
      { seq: 9, action: 'audit.verified', outcome: 'failure' },
    ]);
  }, 120_000);

  it('when heads saved from an earlier verify are passed back, then a tail cut off together with its head is caught, which verify alone cannot see', async () => {
    const { env, dataDir } = await seededEnvironment();
    const headRow = () => withDatabase(dataDir, async (db) => (await db.query<Record<string, unknown>>('SELECT * FROM audit_chain_heads WHERE portal_id = $1', [PORTAL])).rows[0]!);
    const oldHead = await headRow(); // seq 6, with its valid MAC: what an attacker could have copied
    expect(oldHead.last_seq).toBe(6);
    expect((await run(['verify', '--portal', String(PORTAL)], env)).code).toBe(EXIT.ok); // records seq 7
    const second = await run(['verify', '--portal', String(PORTAL)], env); // prints seq 7, records seq 8
    expect(second.stdout).toMatch(new RegExp(`head portal ${PORTAL} seq 7 mac [0-9a-f]{64}\\n$`));
    const saved = path.join(dataDir, 'heads.txt');
    writeFileSync(saved, `# saved after the second verify\n${second.stdout}`);
    expect((await run(['verify', '--portal', String(PORTAL), '--expect-heads', saved], env)).code).toBe(EXIT.ok); // ahead of it is fine

    await withDatabase(dataDir, async (db) => {
      await tamperWithAuditLog(db, 'DELETE FROM audit_log WHERE portal_id = $1 AND seq > 6', [PORTAL]);
      await tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET last_seq = $2, last_mac = $3, mac = $4 WHERE portal_id = $1', [PORTAL, oldHead.last_seq, oldHead.last_mac, oldHead.mac]);
    });
    const behind = await run(['verify', '--expect-heads', saved], env);
    expect(behind.code).toBe(EXIT_AUDIT_CHAIN_BROKEN);
    expect(behind.stdout).toContain(`audit log BROKEN: portal ${PORTAL} entry 7: behind_expected_head`);
    // Without the saved heads the cut chain looks whole (the failed check above recorded itself as seq 7).
    const alone = await run(['verify', '--portal', String(PORTAL)], env);
    expect(alone.code).toBe(EXIT.ok);
    expect(alone.stdout).toContain('audit log intact: 1 portal(s), 7 entries verified');
  }, 120_000);

  it(`when a chain head was edited, then verify exits ${EXIT_AUDIT_CHAIN_BROKEN} with head_forged`, async () => {
    const { env, dataDir } = await seededEnvironment();
    await withDatabase(dataDir, (db) =>
      tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET last_seq = 4, last_mac = (SELECT mac FROM audit_log WHERE portal_id = $1 AND seq = 4) WHERE portal_id = $1', [PORTAL]),
    );
    const result = await run(['verify', '--portal', String(PORTAL)], env);
    expect(result.code).toBe(EXIT_AUDIT_CHAIN_BROKEN);
    expect(result.stdout).toContain(`audit log BROKEN: portal ${PORTAL} entry 4: head_forged`);
  }, 120_000);

  it('when a portal is installed but has no chain at all, then verify reports it and exits 3 without starting one', async () => {
    const { env, dataDir } = await seededEnvironment();
    await withDatabase(dataDir, (db) => db.query("INSERT INTO installations (portal_id, status) VALUES ($1, 'active')", [4_812_777]));
    const result = await run(['verify'], env);
    expect(result.code).toBe(EXIT_AUDIT_CHAIN_BROKEN);
    expect(result.stdout).toContain('installed portal 4812777 has no audit chain at all\n');
    expect(result.stdout).toContain('audit log BROKEN: portal 4812777 entry 0: missing_chain');
    const { rows } = await withDatabase(dataDir, (db) => db.query('SELECT count(*)::int AS n FROM audit_log WHERE portal_id = $1', [4_812_777]));
    expect(rows).toEqual([{ n: 0 }]);
  }, 120_000);

  it('when exporting CSV to stdout for a time range, then only the export is on stdout: RFC 4180 with a header and CRLF', async () => {
    const { env } = await seededEnvironment();
    const result = await run(['export', '--portal', String(PORTAL), '--format', 'csv', '--from', '2026-11-02', '--to', '2026-11-04T00:00:00Z'], env);
    expect(result.code).toBe(EXIT.ok);
    const lines = result.stdout.split('\r\n');
    expect(lines[0]).toBe('portal_id,seq,occurred_at,actor_kind,actor_id,actor_role,actor_job_id,action,object_type,object_id,property_names,criteria_version,outcome,error_code,request_id,job_id,prev_mac,mac,key_id');
    expect(lines.slice(1, -1).map((l) => l.split(',').slice(1, 3))).toEqual([
      ['2', '2026-11-02T00:00:00.000Z'],
      ['3', '2026-11-03T00:00:00.000Z'],
    ]);
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toContain(',contact.qualified,contact,151,,');
  }, 120_000);

  it('when exporting JSON Lines to a file, then each line is an entry with its MAC and the export is audited', async () => {
    const { env, dataDir } = await seededEnvironment();
    const out = path.join(dataDir, 'audit.jsonl');
    const result = await run(['export', '--portal', String(PORTAL), '--format', 'jsonl', '--out', out], env);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe(`exported 6 entries to ${out}\n`);
    const entries = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.seq, e.action, e.objectId])).toEqual([
      [1, 'contact.read', '151'], [2, 'contact.qualified', '151'], [3, 'contact.written', '151'],
      [4, 'contact.read', '152'], [5, 'contact.qualified', '152'], [6, 'contact.written', '152'],
    ]);
    expect(entries[0]).toMatchObject({ propertyNames: ['email', 'firstname', 'hs_language', 'insurance_carrier', 'zip'], mac: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const { rows } = await withDatabase(dataDir, (db) => db.query("SELECT seq, outcome FROM audit_log WHERE portal_id = $1 AND action = 'audit.exported'", [PORTAL]));
    expect(rows).toEqual([{ seq: 7, outcome: 'success' }]);
  }, 120_000);

  it.each([
    [['export', '--format', 'csv'], /required option '--portal <id>'/],
    [['export', '--portal', 'abc', '--format', 'csv'], /must be a HubSpot portal id/],
    [['export', '--portal', '42', '--format', 'xml'], /must be csv or jsonl/],
    [['export', '--portal', '42', '--format', 'csv', '--from', '2026-13-45T99:00'], /must be an ISO 8601 date/],
    [['export', '--portal', '42', '--format', 'csv', '--from', '2026-11-05', '--to', '2026-11-01'], /'--from' must be before '--to'/],
    [['verify', '--portal', '-3'], /must be a HubSpot portal id/],
    [['verify', '--expect-heads', '/nonexistent/heads.txt'], /'--expect-heads' cannot read \/nonexistent\/heads.txt: ENOENT/],
    [['verify', '--expect-heads', '/etc/hostname'], /'--expect-heads' \/etc\/hostname: line 1 is not "head portal <id> seq <n> mac <64 hex>"/],
  ])('when the command line is %j, then it exits 64 with a clear message', async (args, message) => {
    const result = await run(args, buildTestEnv({ DATA_DIR: freshDataDir('carequal-audit-cli-') }));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(message);
  }, 30_000);

  it('when nothing has expired, then purge-expired says so and exits 0', async () => {
    const { env } = await seededEnvironment();
    const result = await run(['purge-expired'], env);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe('nothing has expired\n');
  }, 120_000);
});
