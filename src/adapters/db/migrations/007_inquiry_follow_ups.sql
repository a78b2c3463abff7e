-- Issue 17: a follow-up task belongs to an INQUIRY (a form submission or a new inquiry date),
-- not to a criteria version. The slot key becomes the inquiry key; what CareQual last set on the
-- task (codes and a time, never contact values) is kept so a re-score updates the task instead
-- of creating a second one, and a lead that stops being care-ready gets its task completed.
-- Rows written before this migration keep their criteria hash as key: they never match a new
-- inquiry, and the newest open one of a contact is adopted by that contact's next scoring.
ALTER TABLE follow_up_tasks RENAME COLUMN criteria_hash TO inquiry_key;
ALTER TABLE follow_up_tasks ADD COLUMN band text;
ALTER TABLE follow_up_tasks ADD COLUMN route text;
ALTER TABLE follow_up_tasks ADD COLUMN priority text;
ALTER TABLE follow_up_tasks ADD COLUMN due_at timestamptz;
ALTER TABLE follow_up_tasks ADD COLUMN is_open boolean NOT NULL DEFAULT true;
ALTER TABLE follow_up_tasks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
