-- winnow review schema, version 7: what PRISMA needs beyond the screening.

-- The records a search found, when more than were imported (records
-- removed before import by an automation tool or for other reasons).
-- NULL: as many as were imported.
ALTER TABLE searches ADD COLUMN identified INTEGER;

-- Counts of work done outside winnow, entered by hand with `prisma set`:
-- append-only, the latest row of a key is in force.
CREATE TABLE prisma_entries (
	id   INTEGER PRIMARY KEY,
	key  TEXT NOT NULL CHECK (key IN ('excluded_automatic', 'excluded_other', 'previous_studies', 'previous_reports')),
	n    INTEGER NOT NULL CHECK (n >= 0),
	note TEXT NOT NULL,
	at   TEXT NOT NULL,
	by   TEXT NOT NULL
) STRICT;
CREATE INDEX prisma_entries_key ON prisma_entries (key, id);

-- Reports of one study: a record (a cluster's primary) listed here
-- belongs to the study named by its first report's record. A record not
-- listed is a study of its own. Links and unlinks are in the log.
CREATE TABLE study_reports (
	record_id INTEGER PRIMARY KEY REFERENCES records (id),
	study_id  INTEGER NOT NULL REFERENCES records (id)
) STRICT;
CREATE INDEX study_reports_study ON study_reports (study_id);
