-- winnow review schema, version 6: conflicts, resolutions, pilots.

-- A lead's resolutions of conflicts, append-only: the latest row of a
-- cluster (kept under its primary when made) at a stage is in force; a
-- row with an empty decision reopens the conflict. Never rewrites the
-- screeners' decisions.
CREATE TABLE resolutions (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	stage     TEXT NOT NULL CHECK (stage IN ('title-abstract', 'full-text')),
	decision  TEXT NOT NULL CHECK (decision IN ('include', 'exclude', '')),
	reason    TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	by        TEXT NOT NULL
) STRICT;
CREATE INDEX resolutions_record ON resolutions (record_id, stage, id);

-- A decision is independent when it was made while the review was blind
-- and before its record was resolved at the stage: agreement uses only
-- those. Decisions made before version 6 count as independent.
ALTER TABLE decisions ADD COLUMN independent INTEGER NOT NULL DEFAULT 1;

-- resolved: the lead's decision in force ('' when none); the outcome
-- then follows it. advances: at title-abstract, the record goes on to
-- full text (included, or a conflict while the review forwards them).
-- reason: the final exclusion reason (the screeners' shared one, or the
-- lead's).
ALTER TABLE outcomes ADD COLUMN resolved TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes ADD COLUMN advances INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outcomes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
UPDATE outcomes SET advances = 1 WHERE stage = 'title-abstract' AND outcome = 'included';
CREATE INDEX outcomes_advances ON outcomes (stage, advances);

-- The calibration sample of a stage: every screener screens it first.
CREATE TABLE pilot (
	stage     TEXT NOT NULL,
	record_id INTEGER NOT NULL REFERENCES records (id),
	PRIMARY KEY (stage, record_id)
) STRICT, WITHOUT ROWID;
