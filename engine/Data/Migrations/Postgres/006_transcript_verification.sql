-- Verifiable transcripts (issue 14): the verification code printed on each transcript version, and what the
-- public verification page shows, as published (name, result, total). Keyed by document version id.
CREATE TABLE transcript_verifications (
    document_version_id BIGINT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    session_code TEXT NOT NULL,
    session_label TEXT NOT NULL,
    candidate_number TEXT NOT NULL,
    version INTEGER NOT NULL,
    candidate_name TEXT NOT NULL,
    result TEXT NOT NULL,
    total TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- The server-held secret the codes are derived from (HMAC-SHA256): one row, created on first use.
CREATE TABLE verification_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
