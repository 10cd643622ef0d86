-- Why a run ended « Refusée » or « En échec », as a RunFailure name (Input, NotAllowed, Gate, Error); NULL otherwise.
-- The command line's exit code follows it, never the message text.
ALTER TABLE runs ADD COLUMN failure TEXT;
