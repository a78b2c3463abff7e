-- Backfill pages overlap (issue 22): page N+1 is listed while page N is qualified and written, so
-- each page keeps where its listing starts (saved when the page before it was listed) and counts
-- as done once. A page job run again after a crash re-lists from its own cursor and is never
-- counted twice; the rows of a run go when it finishes.
CREATE TABLE backfill_pages (
  run_id       text NOT NULL REFERENCES backfill_runs (id) ON DELETE CASCADE,
  page         integer NOT NULL,
  after_cursor text,
  contacts     integer,
  done_at      timestamptz,
  PRIMARY KEY (run_id, page)
);

-- Runs in progress when this ships go on from their next page.
INSERT INTO backfill_pages (run_id, page, after_cursor)
  SELECT id, pages_enqueued, after_cursor FROM backfill_runs
   WHERE status = 'running' AND (after_cursor IS NOT NULL OR pages_enqueued = 0);
