-- winnow review schema, version 14: personal highlight terms.

-- A highlight term is the team's (owner '', set by a lead) or one
-- screener's own (owner: their name), shown on their screen only. The
-- same term may be the team's and someone's own.
ALTER TABLE highlights ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE highlights DROP CONSTRAINT highlights_term_include_key;
ALTER TABLE highlights ADD UNIQUE (term, include, owner);
