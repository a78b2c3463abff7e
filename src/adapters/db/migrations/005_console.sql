-- The console (issue 9): server-side sessions and editor grants. Ids and times only.

-- One row per signed-in browser. The cookie carries a signed reference to the session id;
-- only its SHA-256 is stored, so a database reader cannot hijack a session. Sign-out deletes
-- the row; idle and absolute limits are checked against these columns on every request.
CREATE TABLE console_sessions (
  id_hash      text PRIMARY KEY,
  portal_id    bigint NOT NULL,
  user_id      bigint NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX console_sessions_expires_at ON console_sessions (expires_at);
CREATE INDEX console_sessions_portal_user ON console_sessions (portal_id, user_id);

-- Users the portal's admin (the installing super admin) allowed to edit criteria. Everyone
-- else of the portal who signs in is a viewer.
CREATE TABLE console_grants (
  portal_id   bigint NOT NULL,
  user_id     bigint NOT NULL,
  role        text NOT NULL CHECK (role IN ('editor')),
  granted_by  bigint NOT NULL,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, user_id)
);
