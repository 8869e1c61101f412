-- winnow review schema, version 13: labels.

-- A reviewer's labels on a record (Rayyan's labels, Covidence's tags),
-- append-only: each row adds (added = 1) or removes (added = 0) one label
-- of one reviewer on one record; the latest row of a reviewer, record and
-- label says whether the label is on. A label sits on the record labelled
-- (a cluster's primary, as a decision does). While the review is blind a
-- screener's labels are theirs alone.
CREATE TABLE labels (
	id        INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records (id),
	reviewer  TEXT NOT NULL,
	label     TEXT NOT NULL,
	added     INTEGER NOT NULL CHECK (added IN (0, 1)),
	at        TEXT NOT NULL
) STRICT;
CREATE INDEX labels_record ON labels (record_id, reviewer, label, id);
CREATE INDEX labels_reviewer ON labels (reviewer, label, record_id);
