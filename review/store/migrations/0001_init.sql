-- winnow review schema, version 1: settings, the team, searches, records,
-- their full-text index, and the log.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE reviewers (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
	lead     INTEGER NOT NULL DEFAULT 0,
	added_at TEXT NOT NULL,
	added_by TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per imported file: PRISMA's identification box is a query on it.
CREATE TABLE searches (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('database','register','website','organisation','citation','other')),
	searched    TEXT NOT NULL DEFAULT '',
	query       TEXT NOT NULL DEFAULT '',
	file        TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	format      TEXT NOT NULL,
	encoding    TEXT NOT NULL,
	records     INTEGER NOT NULL DEFAULT 0,
	skipped     INTEGER NOT NULL DEFAULT 0,
	combined    INTEGER NOT NULL DEFAULT 0,
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX searches_sha256 ON searches (sha256);

-- Records are numbered in import order and never deleted or renumbered.
CREATE TABLE records (
	id           INTEGER PRIMARY KEY,
	search_id    INTEGER NOT NULL REFERENCES searches (id),
	line         INTEGER NOT NULL,
	source_id    TEXT NOT NULL DEFAULT '',
	type         TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	abstract     TEXT NOT NULL DEFAULT '',
	authors      TEXT NOT NULL DEFAULT '[]', -- JSON [{family, given}]
	author_names TEXT NOT NULL DEFAULT '',   -- "Family, Given; ..." for search
	year         INTEGER,
	journal      TEXT NOT NULL DEFAULT '',
	volume       TEXT NOT NULL DEFAULT '',
	issue        TEXT NOT NULL DEFAULT '',
	pages        TEXT NOT NULL DEFAULT '',
	doi          TEXT NOT NULL DEFAULT '',
	pmid         TEXT NOT NULL DEFAULT '',
	issn         TEXT NOT NULL DEFAULT '',
	keywords     TEXT NOT NULL DEFAULT '',   -- "kw; kw; ..."
	url          TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	raw          TEXT NOT NULL
) STRICT;
CREATE INDEX records_search ON records (search_id);
CREATE INDEX records_doi ON records (doi) WHERE doi <> '';
CREATE INDEX records_pmid ON records (pmid) WHERE pmid <> '';

-- Full-text search over title, abstract, authors and keywords. It is an
-- external-content index filled in bulk at the end of each import: a
-- per-row trigger made imports about four times slower.
CREATE VIRTUAL TABLE records_fts USING fts5 (
	title, abstract, author_names, keywords,
	content = 'records', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- The log: every change, who made it and when.
CREATE TABLE events (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	reviewer  TEXT NOT NULL DEFAULT '',
	action    TEXT NOT NULL,
	record_id INTEGER REFERENCES records (id),
	search_id INTEGER REFERENCES searches (id),
	detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_record ON events (record_id) WHERE record_id IS NOT NULL;
