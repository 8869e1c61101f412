-- winnow review schema, version 12: each record's dedup blocking keys
-- (dedup.StoredBlocks), so that a run after an import finds the old
-- records that share a block with a new one through the key, without
-- reading every record's match key. It is derived from dedup_keys, like
-- the full-text index from the records: a copy of the review leaves it
-- out and the next dedup run builds it again. The row with block -1 names
-- the last record whose blocks are kept; search_id lets a run leave out
-- the records of withdrawn searches.
CREATE TABLE dedup_blocks (
	block     INTEGER NOT NULL,
	record_id INTEGER NOT NULL,
	search_id INTEGER NOT NULL,
	PRIMARY KEY (block, record_id)
) STRICT, WITHOUT ROWID;
