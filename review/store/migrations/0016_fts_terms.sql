-- winnow review schema, version 16: the words of the full-text index, so
-- that a search for a truncated word (integrat*, child*) looks up the
-- words it covers and searches for them, reading their postings a page
-- at a time in record order, where FTS5 merges the postings of every
-- word the prefix covers before the first match (0.3-4 s at a million
-- records: the screen's / and `records --search`). FTS5's own remedy,
-- prefix indexes (prefix='3 4 5 6 7 8'), made an import 2.6 times
-- slower and the review file half as big again, and helps only prefixes
-- of exactly those lengths; see docs/workbench.md.
--
-- Each word as FTS5's tokenizer folds it, once. Derived from the index,
-- as the index from the records: an import adds the words of its records
-- (tokenized by FTS5 itself), a copy of the review builds it again.
CREATE TABLE records_fts_terms (
	term TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
CREATE VIRTUAL TABLE temp.records_fts_vocab USING fts5vocab (main, records_fts, row);
INSERT INTO records_fts_terms (term) SELECT term FROM temp.records_fts_vocab;
DROP TABLE temp.records_fts_vocab;
