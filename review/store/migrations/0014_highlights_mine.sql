-- winnow review schema, version 14: personal highlight terms.

-- A highlight term is the team's (owner '', set by a lead) or one
-- screener's own (owner: their name), shown on their screen only. The
-- same term may be the team's and someone's own. SQLite changes a UNIQUE
-- constraint only by building the table again.
CREATE TABLE highlights_new (
	id       INTEGER PRIMARY KEY,
	term     TEXT NOT NULL COLLATE NOCASE,
	include  INTEGER NOT NULL,
	added_by TEXT NOT NULL DEFAULT '',
	owner    TEXT NOT NULL DEFAULT '',
	UNIQUE (term, include, owner)
) STRICT;
INSERT INTO highlights_new (id, term, include, added_by) SELECT id, term, include, added_by FROM highlights;
DROP TABLE highlights;
ALTER TABLE highlights_new RENAME TO highlights;
