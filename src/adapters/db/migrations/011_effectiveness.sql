-- Issue 20: effectiveness figures per portal. AGGREGATES ONLY: counts per criteria version × band ×
-- outcome × route × arrival week, and a report of counts and summary statistics per run. No
-- contact id or property value is stored here (DESIGN.md §7); the job reads contacts from HubSpot
-- in memory and folds them into counts.
CREATE TABLE effectiveness_runs (
  id            text PRIMARY KEY,
  portal_id     bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  requested_by  text NOT NULL,
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL,
  contacts_read integer NOT NULL DEFAULT 0,
  hubspot_calls integer NOT NULL DEFAULT 0,
  error_code    text,
  report        jsonb,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX effectiveness_runs_portal ON effectiveness_runs (portal_id, started_at DESC);

CREATE TABLE effectiveness_cells (
  run_id           text NOT NULL REFERENCES effectiveness_runs (id) ON DELETE CASCADE,
  portal_id        bigint NOT NULL,
  criteria_version text NOT NULL,
  band             text NOT NULL,
  outcome          text NOT NULL,
  route            text NOT NULL,
  week_start       date NOT NULL,
  leads            integer NOT NULL CHECK (leads > 0),
  booked           integer NOT NULL CHECK (booked >= 0),
  respond_due      integer NOT NULL CHECK (respond_due >= 0),
  respond_met      integer NOT NULL CHECK (respond_met >= 0),
  PRIMARY KEY (run_id, criteria_version, band, outcome, route, week_start)
);

-- Which HubSpot facts count as "booked" and "first outreach" for a portal (names, never values).
CREATE TABLE effectiveness_settings (
  portal_id       bigint PRIMARY KEY,
  outcome_signals jsonb NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
