-- winnow review schema, version 4: each record's dedup match key, kept so
-- that a run after an import builds keys only for the new records.
CREATE TABLE dedup_keys (
	record_id INTEGER PRIMARY KEY REFERENCES records (id),
	search_id INTEGER NOT NULL,
	key       BLOB NOT NULL
) STRICT;
