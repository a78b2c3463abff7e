-- Installations, OAuth state and criteria versions: the tenancy core.
-- No table here holds contact property values (DESIGN.md §7).

CREATE TABLE installations (
  portal_id              bigint PRIMARY KEY,
  status                 text NOT NULL CHECK (status IN ('active', 'needs_reauth', 'uninstalled')),
  scopes                 text[] NOT NULL DEFAULT '{}',
  installed_by_user_id   bigint,
  hub_domain             text,
  -- AES-256-GCM ciphertexts ("iv.tag.data", base64) and the id of the key that sealed them.
  access_token_enc       text,
  refresh_token_enc      text,
  token_key_id           text,
  access_token_expires_at timestamptz,
  properties_version     text,
  properties_bootstrapped_at timestamptz,
  installed_at           timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  uninstalled_at         timestamptz
);

-- Single-use, expiring OAuth `state` values, bound to the browser that started the flow.
-- Only hashes are stored, so a database reader cannot replay a state.
CREATE TABLE oauth_states (
  state_hash     text PRIMARY KEY,
  purpose        text NOT NULL CHECK (purpose IN ('install', 'console_sign_in')),
  browser_hash   text NOT NULL,
  return_to      text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  consumed_at    timestamptz
);
CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);

-- Immutable criteria versions per portal; `criteria_published` points at the live one.
CREATE TABLE criteria_versions (
  portal_id     bigint NOT NULL,
  version       integer NOT NULL CHECK (version > 0),
  document      jsonb NOT NULL,
  content_hash  text NOT NULL,
  note          text,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, version)
);

CREATE TABLE criteria_published (
  portal_id     bigint PRIMARY KEY,
  version       integer NOT NULL,
  published_by  text NOT NULL,
  published_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (portal_id, version) REFERENCES criteria_versions (portal_id, version)
);
