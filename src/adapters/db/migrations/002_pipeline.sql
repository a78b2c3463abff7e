-- What the qualify pipeline keeps: ids and counters only, never contact property values.

-- One follow-up task per contact and criteria version (never a second one).
CREATE TABLE follow_up_tasks (
  portal_id       bigint NOT NULL,
  contact_id      text NOT NULL,
  criteria_hash   text NOT NULL,
  hubspot_task_id text,
  owner_id        text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, contact_id, criteria_hash)
);

-- Round-robin position per portal for assigning follow-up tasks to owners.
CREATE TABLE owner_rotation (
  portal_id  bigint PRIMARY KEY,
  next_index integer NOT NULL DEFAULT 0
);

-- Backfill / re-score runs: resumable from `after` (HubSpot paging cursor) after a crash.
CREATE TABLE backfill_runs (
  id            text PRIMARY KEY,
  portal_id     bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')),
  reason        text NOT NULL,
  requested_by  text NOT NULL,
  after_cursor  text,
  pages_enqueued integer NOT NULL DEFAULT 0,
  contacts_enqueued integer NOT NULL DEFAULT 0,
  contacts_done integer NOT NULL DEFAULT 0,
  error_code    text,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX backfill_runs_portal ON backfill_runs (portal_id, started_at DESC);
