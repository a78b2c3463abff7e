import type { Database } from './database';

/** Where a webhooks-journal reader stopped (`webhook_journal_cursors`), so a restart resumes there. */
export class JournalCursorRepository {
  constructor(
    private readonly db: Database,
    private readonly journal = 'app_lifecycle',
  ) {}

  async tryGet(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ journal_offset: string }>('SELECT journal_offset FROM webhook_journal_cursors WHERE journal = $1', [this.journal]);
    return rows[0]?.journal_offset;
  }

  /** Forgets the offset (the journal no longer keeps it): the next read starts at the earliest entry kept. */
  async clear(): Promise<void> {
    await this.db.query('DELETE FROM webhook_journal_cursors WHERE journal = $1', [this.journal]);
  }

  async save(offset: string): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_journal_cursors (journal, journal_offset) VALUES ($1, $2)
       ON CONFLICT (journal) DO UPDATE SET journal_offset = EXCLUDED.journal_offset, updated_at = now()`,
      [this.journal, offset],
    );
  }
}
