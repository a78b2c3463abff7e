-- The recorded end of each portal's audit chain (issue 8). A hash chain alone cannot show that
-- entries were removed from its end; the head, written in the same statement as every append,
-- can: verify compares the chain's last entry with it. (Someone who rewrites the head as well
-- is caught only by an anchor kept outside the database: `carequal audit verify` prints each
-- head for that purpose.) Added beside 003_audit_log.sql, which is never edited once committed.

CREATE TABLE audit_chain_heads (
  portal_id  bigint PRIMARY KEY,
  last_seq   bigint NOT NULL CHECK (last_seq > 0),
  last_mac   text NOT NULL
);

INSERT INTO audit_chain_heads (portal_id, last_seq, last_mac)
SELECT DISTINCT ON (portal_id) portal_id, seq, mac FROM audit_log ORDER BY portal_id, seq DESC;
INSERT INTO audit_chain_heads (portal_id, last_seq, last_mac)
SELECT DISTINCT ON (portal_id) portal_id, last_seq, last_mac FROM audit_checkpoints ORDER BY portal_id, last_seq DESC
ON CONFLICT (portal_id) DO NOTHING;

-- Heads move forward on every append; they are never deleted.
CREATE TRIGGER audit_chain_heads_no_delete BEFORE DELETE ON audit_chain_heads FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The append-only writer role (see 003_audit_log.sql) moves heads forward. Skipped on PGlite.
DO $$
BEGIN
  IF version() LIKE '%PGlite%' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carequal_audit_writer') THEN
    RETURN;
  END IF;
  GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO carequal_audit_writer;
END;
$$;
