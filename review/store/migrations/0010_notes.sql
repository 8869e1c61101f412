-- winnow review schema, version 10: notes.

-- A screener's notes on a record at a stage, append-only: the latest row
-- of a reviewer on a record at a stage is their note (empty when they
-- cleared it). A note is kept from the moment it is typed, whether or not
-- a decision follows; a decision made with it carries it in
-- decisions.note as well.
CREATE TABLE notes (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	stage     TEXT NOT NULL CHECK (stage IN ('title-abstract', 'full-text')),
	reviewer  TEXT NOT NULL,
	note      TEXT NOT NULL,
	at        TEXT NOT NULL
) STRICT;
CREATE INDEX notes_record ON notes (record_id, stage, reviewer, id);
