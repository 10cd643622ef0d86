-- Session data (one imported session = one row of sessions; re-import replaces its children).
-- Conventions shared with the PostgreSQL schema so that the same SQL runs on both:
-- booleans are INTEGER 0/1; dates are TEXT 'yyyy-MM-dd'; local date-times TEXT 'yyyy-MM-ddTHH:mm'
-- (Europe/Paris); instants TEXT 'yyyy-MM-ddTHH:mm:ss.fffZ' (UTC); points are INTEGER hundredths;
-- enumerations hold their canonical French spelling (see Domain/French.cs), except grades.note_kind
-- which holds the GradeKind name.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    domain TEXT NOT NULL,
    label TEXT NOT NULL,
    title TEXT NOT NULL,
    academy TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE schools (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    uai TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    town TEXT NOT NULL,
    PRIMARY KEY (session_id, uai)
);
CREATE TABLE exams (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    grading_mode TEXT NOT NULL,
    max_points_centi INTEGER NOT NULL,
    display_order INTEGER NOT NULL,
    PRIMARY KEY (session_id, code)
);
CREATE TABLE candidates (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    version TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_names TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ine TEXT NULL,
    registration_school TEXT NOT NULL,
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    speciality TEXT NULL,
    decision_group TEXT NOT NULL,
    red_list INTEGER NOT NULL,
    fraud_suspected INTEGER NOT NULL,
    replacement_session INTEGER NOT NULL,
    result TEXT NULL,
    PRIMARY KEY (session_id, number)
);
CREATE INDEX ix_candidates_school ON candidates (session_id, registration_school);
CREATE INDEX ix_candidates_group ON candidates (session_id, decision_group);
CREATE TABLE grades (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    candidate_number TEXT NOT NULL,
    exam_code TEXT NOT NULL,
    position TEXT NOT NULL,
    centre_uai TEXT NULL,
    note_kind TEXT NOT NULL,
    points_centi INTEGER NULL,
    PRIMARY KEY (session_id, candidate_number, exam_code)
);
CREATE INDEX ix_grades_centre ON grades (session_id, centre_uai);
CREATE TABLE service_windows (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    decision_group TEXT NULL,
    opens TEXT NOT NULL,
    closes TEXT NOT NULL
);

-- Runs of definitions: every accepted run ends in a recorded final state.
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    definition_id TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    template_versions TEXT NOT NULL,
    session_code TEXT NOT NULL,
    caller TEXT NOT NULL,
    parameters TEXT NOT NULL,
    criteria TEXT NOT NULL,
    idempotency_key TEXT NULL UNIQUE,
    state TEXT NOT NULL,
    message TEXT NULL,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT NULL,
    ended_at TEXT NULL,
    output_path TEXT NULL,
    output_name TEXT NULL,
    output_content_type TEXT NULL,
    output_sha256 TEXT NULL,
    output_bytes INTEGER NULL,
    row_count INTEGER NULL,
    page_count INTEGER NULL
);
CREATE INDEX ix_runs_caller ON runs (caller, created_at);

-- Published documents (transcripts): one document per candidate and kind, numbered versions.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    session_code TEXT NOT NULL,
    candidate_number TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (session_code, candidate_number, kind)
);
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    storage_path TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    available_from TEXT NOT NULL,
    publisher TEXT NOT NULL,
    run_id TEXT NOT NULL,
    UNIQUE (document_id, version)
);

-- Publications planned for later; the product's database is the source of truth, Hangfire only executes.
CREATE TABLE planned_publications (
    id TEXT PRIMARY KEY,
    definition_id TEXT NOT NULL,
    session_code TEXT NOT NULL,
    caller TEXT NOT NULL,
    parameters TEXT NOT NULL,
    criteria TEXT NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL,
    run_id TEXT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    uai TEXT NULL,
    candidate_number TEXT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NULL,
    created_at TEXT NOT NULL
);

-- Versioned definitions and templates (draft -> validated -> published; published is immutable).
CREATE TABLE artefact_versions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (kind, name, version)
);
