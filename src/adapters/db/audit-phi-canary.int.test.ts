import { randomBytes } from 'node:crypto';
import type { AuditEntryInput } from '../../app/ports/audit-log.port';
import { exampleAuditEntries, qualifyBatchEntries } from '../../../test/support/audit-entries';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { buildPhiMarkers, scanDatabaseForMarkers } from '../../../test/support/phi-canary';
import { tamperWithAuditLog } from '../../../test/support/audit-tamper';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.repository';
import type { Database } from './database';
import { migrate } from './migrator';

/**
 * The full-pipeline canary (a qualify run over contacts whose every field is a marker) belongs
 * to the pipeline issue; this proves the audit log's part and that the scanner really finds
 * what it looks for.
 */
describe.each(databaseEngines())('PHI canary over the audit tables on %s', (engine) => {
  let db: Database;
  let repo: AuditLogRepository;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = createAuditLogRepository({ db, hmacKey: randomBytes(32) });
  });
  afterAll(() => db.close());

  // A patient inquiry as HubSpot returns it, every value a unique marker.
  const fields = ['firstname', 'lastname', 'email', 'phone', 'date_of_birth', 'zip', 'insurance_carrier', 'reason_for_visit', 'message'];
  const markers = buildPhiMarkers(fields);

  it('when a realistic run audits reads, qualifications and writes of contacts full of markers, then no marker is stored anywhere', async () => {
    const portalId = 7_400_001;
    const contact = { id: '2501', properties: markers };
    const entries: AuditEntryInput[] = [
      ...qualifyBatchEntries(portalId, [contact.id]).map((e) => (e.action === 'contact.read' ? { ...e, propertyNames: Object.keys(contact.properties) } : e)),
      ...Object.values(exampleAuditEntries(portalId)),
    ];
    await repo.append(entries);
    // A value shaped like PHI (an e-mail, a name with a space) is refused before anything is written.
    await expect(repo.append([{ ...entries[0]!, objectType: 'criteria', objectId: `${markers.email}@example.com` }])).rejects.toMatchObject({ code: 'audit.invalid_entry' });
    await expect(repo.append([{ ...entries[0]!, errorCode: `${markers.firstname} ${markers.lastname}`, outcome: 'failure' }])).rejects.toMatchObject({ code: 'audit.invalid_entry' });

    expect(await scanDatabaseForMarkers(db, Object.values(markers))).toEqual([]);
  });

  it('when a marker is planted in an audit row, then the scanner finds it (it cannot pass vacuously)', async () => {
    const portalId = 7_400_002;
    await repo.append([exampleAuditEntries(portalId)['contact.read']]);
    const planted = markers.lastname!;
    await tamperWithAuditLog(db, 'UPDATE audit_log SET object_id = $2 WHERE portal_id = $1', [portalId, planted.toUpperCase()]);
    expect(await scanDatabaseForMarkers(db, Object.values(markers))).toEqual([{ table: 'audit_log', marker: planted, rows: 1 }]);
  });

  it('when a marker sits in a jsonb document or a bytea column of another table, then the scanner finds it there too', async () => {
    const planted = markers.reason_for_visit!;
    await db.query(`INSERT INTO criteria_versions (portal_id, version, document, content_hash, created_by) VALUES (7400003, 1, $1::jsonb, 'h', 'u')`, [JSON.stringify({ note: planted })]);
    await db.exec('CREATE TABLE canary_blobs (b bytea)');
    await db.query('INSERT INTO canary_blobs VALUES ($1)', [Buffer.from(`x${markers.phone}x`)]);
    const hits = await scanDatabaseForMarkers(db, [planted, markers.phone!]);
    expect(hits).toEqual(expect.arrayContaining([
      { table: 'criteria_versions', marker: planted, rows: 1 },
      { table: 'canary_blobs', marker: markers.phone, rows: 1 },
    ]));
  });
});
