-- The audit log (DESIGN.md §7, issue 8): append-only, one HMAC chain per portal.
-- Ids, names and enumerations only: no column holds a property value, a token or free text.
-- The same SQL runs on PostgreSQL and PGlite.

CREATE TABLE audit_log (
  portal_id        bigint NOT NULL,
  -- Position in the portal's chain: 1, 2, 3 … without gaps (a gap means a deleted entry).
  seq              bigint NOT NULL CHECK (seq > 0),
  -- UTC, millisecond precision (truncated before hashing and storing, so it survives a round trip).
  occurred_at      timestamptz NOT NULL,
  actor_kind       text NOT NULL CHECK (actor_kind IN ('system', 'user', 'hubspot')),
  actor_id         text,            -- HubSpot user id when actor_kind = 'user'
  actor_role       text CHECK (actor_role IN ('web', 'worker', 'cli')),
  actor_job_id     text,
  action           text NOT NULL,
  object_type      text,
  object_id        text,
  property_names   text[] NOT NULL DEFAULT '{}',
  criteria_version text,
  outcome          text NOT NULL CHECK (outcome IN ('success', 'failure')),
  error_code       text,
  request_id       text,
  job_id           text,
  -- mac = HMAC-SHA256(key, canonical(entry) || prev_mac), hex; prev_mac of the first entry is
  -- 64 zeros, or the MAC in the portal's latest retention checkpoint.
  prev_mac         text NOT NULL,
  mac              text NOT NULL,
  -- Fingerprint of the HMAC key that wrote the entry (not the key).
  key_id           text NOT NULL,
  PRIMARY KEY (portal_id, seq)
);

-- Queries the console and the CLI run, all per portal, paged by seq (keyset).
CREATE INDEX audit_log_portal_time ON audit_log (portal_id, occurred_at);
CREATE INDEX audit_log_portal_object ON audit_log (portal_id, object_id, seq) WHERE object_id IS NOT NULL;
CREATE INDEX audit_log_portal_actor ON audit_log (portal_id, actor_id, seq) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_portal_action ON audit_log (portal_id, action, seq);

-- One row per retention purge: the last purged entry's seq and MAC, so the remaining chain
-- still verifies from here. Each checkpoint carries its own MAC, so a forged checkpoint that
-- hides deleted entries is detected.
CREATE TABLE audit_checkpoints (
  portal_id      bigint NOT NULL,
  last_seq       bigint NOT NULL CHECK (last_seq > 0),
  last_mac       text NOT NULL,
  purged_before  timestamptz NOT NULL,
  entries_purged bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  mac            text NOT NULL,
  key_id         text NOT NULL,
  PRIMARY KEY (portal_id, last_seq)
);

-- Append-only, enforced by the database. Statement-level triggers refuse before any row is
-- touched. DELETE is allowed only inside the retention function, which sets
-- `SET LOCAL carequal.audit_retention = 'on'` for its own transaction (see audit-retention.ts).
-- Tamper evidence does not rely on this: a superuser can disable triggers, and verify catches it.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_log'
     AND coalesce(current_setting('carequal.audit_retention', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege', HINT = 'expired periods are removed by carequal audit purge-expired only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- PostgreSQL: a group role that may only INSERT and SELECT audit entries (and read checkpoints). Operator step for
-- production: run the application (web, worker) as a login role that is a member of it and does
-- not own the tables, e.g. `GRANT carequal_audit_writer TO carequal_app;` — the table owner
-- (the role running migrations and `carequal audit purge-expired`) keeps DELETE for retention.
-- Creating a role needs CREATEROLE or superuser; without it this block only leaves a notice and
-- the operator creates the role and grants by hand (same statements as below).
-- PGlite is a single-user embedded database with no logins: roles mean nothing there, so the
-- block is skipped on it.
DO $$
BEGIN
  IF version() LIKE '%PGlite%' THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
    RAISE NOTICE 'carequal: cannot create role carequal_audit_writer (needs CREATEROLE); create it and grant INSERT, SELECT on audit_log and SELECT on audit_checkpoints by hand';
    RETURN;
  END IF;
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carequal_audit_writer') THEN
      CREATE ROLE carequal_audit_writer NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another migration (another schema on the same server) created it at the same moment
  END;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO carequal_audit_writer', current_schema());
  REVOKE ALL ON audit_log, audit_checkpoints FROM carequal_audit_writer;
  GRANT INSERT, SELECT ON audit_log TO carequal_audit_writer;
  GRANT SELECT ON audit_checkpoints TO carequal_audit_writer;
END;
$$;
