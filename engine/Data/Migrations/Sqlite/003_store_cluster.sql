-- Generated files live in the database (decision 5, second round): content-addressed by SHA-256, written in
-- the transaction of the row naming them; the schema refuses to change or remove what was stored.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    byte_count INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
-- Contents in chunks of at most 1 MiB, so that a large bulk PDF is written and read without holding it whole.
CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (sha256, seq)
);
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'contenu stocké : il ne peut pas être modifié'); END;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
BEGIN SELECT RAISE(ABORT, 'contenu stocké : il ne peut pas être supprimé'); END;
CREATE TRIGGER blob_chunks_no_update BEFORE UPDATE ON blob_chunks
BEGIN SELECT RAISE(ABORT, 'contenu stocké : il ne peut pas être modifié'); END;
CREATE TRIGGER blob_chunks_no_delete BEFORE DELETE ON blob_chunks
BEGIN SELECT RAISE(ABORT, 'contenu stocké : il ne peut pas être supprimé'); END;

-- A version is never removed; once its availability date is reached (at the writer's clock, generated_at) nothing
-- of it changes, and before that only its file, dates and publisher may (a correction under the same number).
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
BEGIN SELECT RAISE(ABORT, 'version publiée : elle ne peut pas être supprimée'); END;
CREATE TRIGGER document_versions_released_fixed BEFORE UPDATE ON document_versions
WHEN OLD.available_from <= NEW.generated_at OR NEW.generated_at < OLD.generated_at OR NEW.document_id <> OLD.document_id
  OR NEW.version <> OLD.version OR NEW.content_hash <> OLD.content_hash
BEGIN SELECT RAISE(ABORT, 'version publiée : son contenu ne peut plus changer'); END;

-- A run's output, once recorded, names its content for good.
CREATE TRIGGER runs_output_fixed BEFORE UPDATE OF output_sha256, output_path ON runs
WHEN OLD.output_sha256 IS NOT NULL AND (NEW.output_sha256 IS NOT OLD.output_sha256 OR NEW.output_path IS NOT OLD.output_path)
BEGIN SELECT RAISE(ABORT, 'fichier d''édition enregistré : il ne peut plus changer'); END;

-- One publication of a session at a time: the run holding the session (released when it ends).
CREATE TABLE publication_locks (
    session_code TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    acquired_at TEXT NOT NULL
);

-- A publication fanned out: one batch (a few schools) per job; state and counts written with the batch's versions.
CREATE TABLE publication_batches (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    schools TEXT NOT NULL,
    state TEXT NOT NULL,
    candidates INTEGER NOT NULL DEFAULT 0,
    written INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- ASP.NET Core Data Protection key ring, shared by every host (sign-in cookies, antiforgery tokens).
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- What the start-up migration of a folder-based data directory could not accept (missing file, wrong hash).
CREATE TABLE storage_migration_issues (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    expected_sha256 TEXT NOT NULL,
    actual_sha256 TEXT NULL,
    problem TEXT NOT NULL,
    found_at TEXT NOT NULL
);
