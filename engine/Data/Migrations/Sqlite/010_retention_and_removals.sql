-- Where immutability (003, 004) meets retention (005) and quotas (004): published content stays for good; what was
-- never released may go, and only through a removal recorded first, in the same transaction.

-- A purge names, before deleting them, the versions nobody could download yet (available_from after removed_at).
CREATE TABLE version_removals (
    version_id INTEGER PRIMARY KEY,
    removed_at TEXT NOT NULL
);
DROP TRIGGER IF EXISTS document_versions_no_delete;
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
WHEN NOT EXISTS (SELECT 1 FROM version_removals r WHERE r.version_id = OLD.id AND OLD.available_from > r.removed_at)
BEGIN SELECT RAISE(ABORT, 'version publiée : elle ne peut pas être supprimée'); END;

-- A stored content may go only when no document version names it (expired run outputs, a purged session's runs).
DROP TRIGGER IF EXISTS blobs_no_delete;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
WHEN EXISTS (SELECT 1 FROM document_versions v WHERE v.file_sha256 = OLD.sha256)
BEGIN SELECT RAISE(ABORT, 'contenu publié : il ne peut pas être supprimé'); END;
DROP TRIGGER IF EXISTS blob_chunks_no_delete;
CREATE TRIGGER blob_chunks_no_delete BEFORE DELETE ON blob_chunks
WHEN EXISTS (SELECT 1 FROM document_versions v WHERE v.file_sha256 = OLD.sha256)
BEGIN SELECT RAISE(ABORT, 'contenu publié : il ne peut pas être supprimé'); END;
CREATE INDEX IF NOT EXISTS ix_document_versions_file ON document_versions (file_sha256);
CREATE INDEX IF NOT EXISTS ix_runs_output ON runs (output_sha256);

-- The audit is append-only; entries older than the retention period go through a sweep recorded first.
CREATE TABLE audit_sweeps (
    id INTEGER PRIMARY KEY,
    cutoff TEXT NOT NULL,
    swept_at TEXT NOT NULL
);
DROP TRIGGER IF EXISTS audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_sweeps s WHERE OLD.at < s.cutoff)
BEGIN SELECT RAISE(ABORT, 'audit : les entrées du journal ne se suppriment pas avant la fin de leur durée de conservation'); END;

-- A publication batch counts the candidates it left out because their result is not deliberated yet.
ALTER TABLE publication_batches ADD COLUMN undeliberated INTEGER NOT NULL DEFAULT 0;
