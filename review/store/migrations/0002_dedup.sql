-- winnow review schema, version 2: duplicates as links, never deletions.

-- A linked duplicate names its cluster's primary, the record that goes to
-- screening; NULL for a primary and for a record with no duplicate.
ALTER TABLE records ADD COLUMN primary_id INTEGER REFERENCES records (id);
CREATE INDEX records_primary ON records (primary_id) WHERE primary_id IS NOT NULL;

-- Every link between two records (a < b), made by dedup or by a person;
-- an undo marks it undone and keeps it.
CREATE TABLE dedup_links (
	id         INTEGER PRIMARY KEY,
	a          INTEGER NOT NULL REFERENCES records (id),
	b          INTEGER NOT NULL REFERENCES records (id),
	score      REAL NOT NULL,
	reasons    TEXT NOT NULL,                -- JSON array
	made_by    TEXT NOT NULL CHECK (made_by IN ('dedup', 'person')),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	undone_at  TEXT,
	undone_by  TEXT,
	CHECK (a < b)
) STRICT;
CREATE INDEX dedup_links_a ON dedup_links (a);
CREATE INDEX dedup_links_b ON dedup_links (b);

-- Pairs dedup was unsure of, and what a person decided about them. A pair
-- decided different is never linked or queued again.
CREATE TABLE dedup_pairs (
	a          INTEGER NOT NULL REFERENCES records (id),
	b          INTEGER NOT NULL REFERENCES records (id),
	score      REAL NOT NULL,
	reasons    TEXT NOT NULL,                -- JSON array
	status     TEXT NOT NULL CHECK (status IN ('queued', 'same', 'different')),
	queued_at  TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	PRIMARY KEY (a, b),
	CHECK (a < b)
) STRICT;
