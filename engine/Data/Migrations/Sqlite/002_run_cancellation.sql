-- A run's owner may ask for it to stop: the runner watches this flag and ends the run « Annulée ».
ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
