-- Issue 11 (security, second pass).

-- Sign-in sessions held server-side: the cookie carries a random token whose SHA-256 is the id here, so that
-- signing out or resetting a password ends the session on every host at its next request.
CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT NULL,
    client TEXT NULL
);
CREATE INDEX ix_user_sessions_login ON user_sessions (login);

-- Sign-in throttling: failures by client address, by account and by known device, with growing delays.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);

-- Audit rows are append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit : les entrées du journal ne se modifient pas');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit : les entrées du journal ne se suppriment pas');
END;
CREATE INDEX ix_audit_action ON audit (action, at);
CREATE INDEX ix_audit_actor ON audit (actor, at);

-- Per-school quotas: a run's file expires (removed from the file store) after a configurable time.
ALTER TABLE runs ADD COLUMN output_expired_at TEXT NULL;
CREATE INDEX ix_runs_state ON runs (state, created_at);
