-- winnow review schema, version 4: each record's dedup match key, kept so
-- that a run after an import builds keys only for the new records.
CREATE TABLE dedup_keys (
	record_id BIGINT PRIMARY KEY REFERENCES records (id),
	search_id BIGINT NOT NULL,
	key       BYTEA NOT NULL
);
