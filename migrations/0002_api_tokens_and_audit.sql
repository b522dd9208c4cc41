-- API tokens for machine clients (only a hash of the token is kept) and the append-only
-- audit trail of every write.
CREATE TABLE api_tokens (
  id {{pk}},
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT,
  revoked_at_ms BIGINT
);

CREATE TABLE audit_log (
  id {{pk}},
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  changes TEXT NOT NULL,
  request_id TEXT NOT NULL,
  client_address TEXT NOT NULL
);
CREATE INDEX audit_log_by_record ON audit_log (record_type, record_id, at_ms);
CREATE INDEX audit_log_by_time ON audit_log (at_ms);
