-- An épreuve's short libellé (epreuves.csv, column libelle_court, optional): heads its spreadsheet column
-- (« Français /30 ») where the full libellé is too long.
ALTER TABLE exams ADD COLUMN short_label TEXT NULL;

-- Saved editions (« modèles d'édition »): the parameters and criteria of a run, named, kept per school
-- (owner `etablissement:UAI`, shared by its accounts) or per exam manager (owner `gestionnaire:LOGIN`).
-- Values are kept as the caller typed them (JSON, as runs.parameters and runs.criteria), so that a preset
-- saved in one session is offered in the next one for the fields that still exist.
CREATE TABLE run_presets (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    definition_id TEXT NOT NULL,
    name TEXT NOT NULL,
    session_code TEXT NOT NULL,
    parameters TEXT NOT NULL,
    criteria TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (owner, definition_id, name)
);
CREATE INDEX ix_run_presets_owner ON run_presets (owner, definition_id);
