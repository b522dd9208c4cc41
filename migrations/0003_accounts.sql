-- Accounts, role grants, sessions, login failures and lockouts, rate-limit counters; the
-- first slice of handling units and liaison stations (enough to scope roles to them).
CREATE TABLE units (
  id {{pk}},
  name TEXT NOT NULL,
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  active SMALLINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX units_by_congress ON units (congress_id);

CREATE TABLE stations (
  id {{pk}},
  name TEXT NOT NULL,
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  active SMALLINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX stations_by_congress ON stations (congress_id);

CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  mobile TEXT UNIQUE,
  display_name TEXT NOT NULL,
  congress_id BIGINT REFERENCES congresses (id),
  password_hash TEXT NOT NULL,
  must_change_password SMALLINT NOT NULL DEFAULT 1,
  disabled SMALLINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX users_by_congress ON users (congress_id);

CREATE TABLE role_grants (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  scope_type TEXT NOT NULL CHECK (scope_type IN ('global', 'congress', 'unit', 'station')),
  scope_id BIGINT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX role_grants_by_user ON role_grants (user_id);

CREATE TABLE sessions (
  id {{pk}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  last_seen_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT,
  client_address TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins by account ("user:12") or, for names that match no account, by the name
-- itself ("name:zhang"), so that the answers never tell whether an account exists.
CREATE TABLE login_failures (
  id {{pk}},
  account_key TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  client_address TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (account_key, at_ms);

CREATE TABLE lockouts (
  account_key TEXT PRIMARY KEY,
  locked_until_ms BIGINT NOT NULL
);

-- Fixed-window counters, in the database so that nodes sharing PostgreSQL share them.
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  window_start_ms BIGINT NOT NULL,
  hits BIGINT NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN scope_type TEXT NOT NULL DEFAULT 'global';
ALTER TABLE api_tokens ADD COLUMN scope_id BIGINT;

ALTER TABLE audit_log ADD COLUMN grant_used TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN congress_id BIGINT;
CREATE INDEX audit_log_by_congress ON audit_log (congress_id, at_ms);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at_ms);
