-- Console identities (issue 18): every person who may use a portal's console, their role, the
-- passkeys of invited staff, one-time invitations, and the WebAuthn challenges in flight.
-- Ids, roles, times and public keys only: no PHI, no secret (invitation tokens and session ids
-- are stored as SHA-256 hashes).

-- One row per known console user of a portal. HubSpot users keep their HubSpot user id; invited
-- staff get an id from console_staff_user_ids, far above any HubSpot user id, so the two never
-- collide and audit entries name both the same way. A user without a row cannot use the console.
CREATE SEQUENCE console_staff_user_ids START WITH 9000000000001;

CREATE TABLE console_users (
  portal_id   bigint NOT NULL,
  user_id     bigint NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('hubspot', 'staff')),
  role        text NOT NULL CHECK (role IN ('admin', 'editor', 'compliance', 'viewer')),
  -- What the admin called an invited person ("Front desk 2"); staff only, shown on the users page.
  label       text CHECK (label IS NULL OR length(label) <= 80),
  created_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, user_id)
);

-- Passkeys (WebAuthn credentials) of staff users. The credential id is globally unique, so a
-- sign-in finds its user (and portal) from the credential alone.
CREATE TABLE console_passkeys (
  credential_id text PRIMARY KEY,
  portal_id     bigint NOT NULL,
  user_id       bigint NOT NULL,
  public_key    text NOT NULL,             -- COSE public key, base64url
  sign_count    bigint NOT NULL DEFAULT 0,
  transports    text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  FOREIGN KEY (portal_id, user_id) REFERENCES console_users (portal_id, user_id) ON DELETE CASCADE
);
CREATE INDEX console_passkeys_user ON console_passkeys (portal_id, user_id);

-- One-time invitations. The link carries a random token; only its hash is stored. The invited
-- person's user id is reserved when the invitation is made, so the passkey is bound to it.
CREATE TABLE console_invitations (
  token_hash  text PRIMARY KEY,
  portal_id   bigint NOT NULL,
  user_id     bigint NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'editor', 'compliance', 'viewer')),
  label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  created_by  bigint NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  expiry_audited_at timestamptz
);
CREATE INDEX console_invitations_portal ON console_invitations (portal_id, created_at);

-- WebAuthn challenges in flight, bound to the browser that asked (hash of a cookie nonce).
CREATE TABLE console_webauthn_challenges (
  browser_hash text PRIMARY KEY,
  purpose      text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
  challenge    text NOT NULL,
  invitation_hash text,
  expires_at   timestamptz NOT NULL
);

-- How and when the session's user last proved who they are (re-authentication for user
-- management and publishing looks at authenticated_at).
ALTER TABLE console_sessions ADD COLUMN auth_method text NOT NULL DEFAULT 'hubspot' CHECK (auth_method IN ('hubspot', 'passkey'));
ALTER TABLE console_sessions ADD COLUMN authenticated_at timestamptz;
UPDATE console_sessions SET authenticated_at = created_at;

-- Existing authority moves over: each active installation's installer is its admin, editor
-- grants become editors. console_grants is dropped (console_users is the one place for roles).
INSERT INTO console_users (portal_id, user_id, kind, role, created_at)
  SELECT portal_id, installed_by_user_id, 'hubspot', 'admin', now() FROM installations
  WHERE status <> 'uninstalled' AND installed_by_user_id IS NOT NULL;
INSERT INTO console_users (portal_id, user_id, kind, role, created_by, created_at)
  SELECT g.portal_id, g.user_id, 'hubspot', 'editor', g.granted_by, g.granted_at FROM console_grants g
  JOIN installations i ON i.portal_id = g.portal_id AND i.status <> 'uninstalled'
  ON CONFLICT (portal_id, user_id) DO NOTHING;
DROP TABLE console_grants;
