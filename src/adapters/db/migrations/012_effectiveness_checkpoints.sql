-- Issue 20: an effectiveness run resumes after a crash. Each finished week slice of a run stores
-- its figures as counts (a tally: per band/outcome/route/version/week group, never a contact);
-- a retry of the same queue job (job_id) with the same criteria version and signal settings
-- (basis) skips those slices. Checkpoints go with their run once it finishes.
ALTER TABLE effectiveness_runs ADD COLUMN job_id text;
ALTER TABLE effectiveness_runs ADD COLUMN basis text;
CREATE INDEX effectiveness_runs_job ON effectiveness_runs (portal_id, job_id) WHERE job_id IS NOT NULL;

CREATE TABLE effectiveness_checkpoints (
  run_id        text NOT NULL REFERENCES effectiveness_runs (id) ON DELETE CASCADE,
  slice_start   timestamptz NOT NULL,
  tally         jsonb NOT NULL,
  contacts_read integer NOT NULL CHECK (contacts_read >= 0),
  PRIMARY KEY (run_id, slice_start)
);
