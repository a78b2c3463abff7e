-- Issue 18: chain heads that cannot be edited unnoticed, and that move only through the append path.
--
-- 1. Each head carries its own HMAC (computed by the application with AUDIT_HMAC_KEY over
--    portal, seq and the entry MAC it names), so editing a head is detected by verify. Heads
--    written before this migration have none until their portal's next audit entry; verify
--    reports them as `head_unsigned`.
-- 2. Heads move only through audit_move_chain_heads(): forward only, and only onto an entry
--    that is stored with exactly that MAC. A row trigger refuses any other INSERT or UPDATE;
--    on PostgreSQL the writer role also loses INSERT/UPDATE on the table and gets EXECUTE on
--    the function (SECURITY DEFINER, so it writes with the owner's rights). PGlite has no
--    roles: the trigger models the same rule there.
-- 3. An index for the tamper alarms (`audit.tamper_detected` entries) /readyz reports.

ALTER TABLE audit_chain_heads ADD COLUMN mac text;
ALTER TABLE audit_chain_heads ADD COLUMN key_id text;

CREATE INDEX audit_log_tamper_alarms ON audit_log (portal_id, seq) WHERE action = 'audit.tamper_detected';

CREATE FUNCTION audit_move_chain_heads(heads jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  h record;
BEGIN
  PERFORM set_config('carequal.audit_head_move', 'on', true);
  FOR h IN SELECT * FROM jsonb_to_recordset(heads) AS x(portal_id bigint, last_seq bigint, last_mac text, mac text, key_id text) LOOP
    IF h.mac IS NULL OR h.key_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM audit_log l WHERE l.portal_id = h.portal_id AND l.seq = h.last_seq AND l.mac = h.last_mac
    ) THEN
      RAISE EXCEPTION 'audit chain head for portal % must name a stored entry and carry a MAC', h.portal_id USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO audit_chain_heads (portal_id, last_seq, last_mac, mac, key_id)
    VALUES (h.portal_id, h.last_seq, h.last_mac, h.mac, h.key_id)
    ON CONFLICT (portal_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_mac = EXCLUDED.last_mac, mac = EXCLUDED.mac, key_id = EXCLUDED.key_id
      WHERE audit_chain_heads.last_seq < EXCLUDED.last_seq;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'audit chain head for portal % only moves forward', h.portal_id USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  PERFORM set_config('carequal.audit_head_move', '', true);
END;
$$;

-- A SECURITY DEFINER function must not resolve names through its caller's search_path.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION audit_move_chain_heads(jsonb) SET search_path = %I, pg_temp', current_schema());
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_move_chain_heads(jsonb) FROM PUBLIC;

CREATE FUNCTION audit_chain_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('carequal.audit_head_move', true), '') = 'on' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit chain heads move only through audit_move_chain_heads(): % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_chain_heads_guarded BEFORE INSERT OR UPDATE ON audit_chain_heads FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_guard();

DO $$
BEGIN
  IF version() LIKE '%PGlite%' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carequal_audit_writer') THEN
    RETURN;
  END IF;
  REVOKE INSERT, UPDATE ON audit_chain_heads FROM carequal_audit_writer;
  GRANT EXECUTE ON FUNCTION audit_move_chain_heads(jsonb) TO carequal_audit_writer;
END;
$$;
