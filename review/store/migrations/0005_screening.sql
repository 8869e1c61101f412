-- winnow review schema, version 5: screening.

-- Every decision ever made, append-only: a changed decision is a new row,
-- an undo is a row with an empty decision. The latest row of a reviewer on
-- a record at a stage is their current decision.
CREATE TABLE decisions (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	stage     TEXT NOT NULL CHECK (stage IN ('title-abstract', 'full-text')),
	reviewer  TEXT NOT NULL,
	decision  TEXT NOT NULL CHECK (decision IN ('include', 'exclude', 'maybe', '')),
	reason    TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	loaded_by TEXT NOT NULL DEFAULT ''  -- the lead who loaded it from a file
) STRICT;
CREATE INDEX decisions_reviewer ON decisions (reviewer, stage, id);
CREATE INDEX decisions_record ON decisions (record_id, stage);

-- The current decision of each reviewer on each record at each stage: the
-- latest non-empty row of decisions, kept so that queues never scan the
-- history.
CREATE TABLE votes (
	stage       TEXT NOT NULL,
	record_id   INTEGER NOT NULL REFERENCES records (id),
	reviewer    TEXT NOT NULL,
	decision_id INTEGER NOT NULL REFERENCES decisions (id),
	PRIMARY KEY (stage, record_id, reviewer)
) STRICT, WITHOUT ROWID;
CREATE INDEX votes_reviewer ON votes (reviewer, stage);

-- The outcome of each screened cluster at each stage, keyed by the
-- cluster's primary and computed by review.TallyOf whenever a vote, a
-- full-text state, a link or the screeners setting changes. voters holds
-- the names of the screeners who decided, each followed by U+001F.
CREATE TABLE outcomes (
	stage           TEXT NOT NULL,
	record_id       INTEGER NOT NULL REFERENCES records (id),
	votes           INTEGER NOT NULL,
	voters          TEXT NOT NULL,
	outcome         TEXT NOT NULL,
	reason_conflict INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (stage, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX outcomes_outcome ON outcomes (stage, outcome);

-- The team's shared list of exclusion reasons.
CREATE TABLE reasons (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
	added_at TEXT NOT NULL,
	added_by TEXT NOT NULL DEFAULT ''
) STRICT;

-- Terms marked on the screen.
CREATE TABLE highlights (
	id       INTEGER PRIMARY KEY,
	term     TEXT NOT NULL COLLATE NOCASE,
	include  INTEGER NOT NULL,
	added_by TEXT NOT NULL DEFAULT '',
	UNIQUE (term, include)
) STRICT;

-- Full texts: attached files and reports not retrieved, append-only; the
-- latest row of a record is its state.
CREATE TABLE fulltexts (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	state     TEXT NOT NULL CHECK (state IN ('retrieved', 'not-retrieved')),
	file      TEXT NOT NULL DEFAULT '',
	sha256    TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	by        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX fulltexts_record ON fulltexts (record_id, id);

CREATE INDEX events_reviewer ON events (reviewer, action);

-- The records that go to screening, in order, without reading the records.
CREATE INDEX records_primaries ON records (id) WHERE primary_id IS NULL;
