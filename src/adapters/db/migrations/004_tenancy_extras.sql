-- Tenancy additions (issue 5): why an installation left `active`, when its token was last
-- refreshed, and where the webhooks-journal poller stopped reading.

ALTER TABLE installations ADD COLUMN status_reason text;
ALTER TABLE installations ADD COLUMN tokens_refreshed_at timestamptz;

-- The console and the journal poller list installations by status.
CREATE INDEX installations_status ON installations (status);

-- Cursor of the optional webhooks-journal poller (APP_UNINSTALL detection): one row per journal.
CREATE TABLE webhook_journal_cursors (
  journal        text PRIMARY KEY,
  journal_offset text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
