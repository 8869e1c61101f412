-- winnow review schema, version 16 (PostgreSQL): SQLite's full-text
-- index keeps its words in records_fts_terms from this version, for
-- searches of truncated words (integrat*). PostgreSQL's GIN index
-- answers a prefix (integrat:*) from its own sorted list of words,
-- reading only the postings of the words the prefix covers, so nothing
-- changes here; see docs/workbench.md for the figures.
SELECT 1;
