-- A session's life cycle (docs/DOMAIN.md « Sessions »): ouverte → close (read-only) → archivee (hidden from the
-- selectors) → purged (its rows gone, one row of counts left in session_purges, no personal data).
ALTER TABLE sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'ouverte';
ALTER TABLE sessions ADD COLUMN status_changed_at TEXT NULL;
CREATE TABLE session_purges (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    purged_at TEXT NOT NULL,
    purged_by TEXT NOT NULL,
    candidates INTEGER NOT NULL,
    grades INTEGER NOT NULL,
    schools INTEGER NOT NULL,
    windows INTEGER NOT NULL,
    runs INTEGER NOT NULL,
    run_files INTEGER NOT NULL,
    unreleased_versions INTEGER NOT NULL,
    planned_publications INTEGER NOT NULL,
    kept_versions INTEGER NOT NULL
);
CREATE INDEX ix_runs_session ON runs (session_code);
