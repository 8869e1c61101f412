-- winnow review schema, version 8: data charting.

-- Charting forms, one row per installed form (the latest is in force);
-- the form's file is kept as installed.
CREATE TABLE chart_forms (
	id      INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	yaml    TEXT NOT NULL,
	at      TEXT NOT NULL,
	by      TEXT NOT NULL
) STRICT;

-- Each reviewer's answers, append-only: the latest row of a record,
-- reviewer and field is in force; an empty value clears the answer.
-- record_id is the record charted (an included study's record).
CREATE TABLE chart_answers (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	reviewer  TEXT NOT NULL,
	field     TEXT NOT NULL,
	value     TEXT NOT NULL,
	form_id   INTEGER NOT NULL REFERENCES chart_forms (id),
	at        TEXT NOT NULL,
	loaded_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX chart_answers_record ON chart_answers (record_id, field, reviewer, id);

-- A lead's consensus answers, append-only: the latest row of a record
-- and field is in force over the reviewers' answers; an empty value
-- withdraws it.
CREATE TABLE chart_consensus (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	field     TEXT NOT NULL,
	value     TEXT NOT NULL,
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	by        TEXT NOT NULL
) STRICT;
CREATE INDEX chart_consensus_record ON chart_consensus (record_id, field, id);
