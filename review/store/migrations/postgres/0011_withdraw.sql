-- winnow review schema, version 11 (PostgreSQL): a search can be withdrawn.

-- A withdrawn search (a mistaken import) keeps its row and its records,
-- but its records leave every queue, listing, dedup run and PRISMA count
-- (see live in withdraw.go). NULL: the search is live. Restoring it sets
-- these back; the log keeps both.
ALTER TABLE searches ADD COLUMN withdrawn_at TEXT COLLATE "C";
ALTER TABLE searches ADD COLUMN withdrawn_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE searches ADD COLUMN withdrawn_note TEXT COLLATE "C" NOT NULL DEFAULT '';

-- Set on the records of a withdrawn search, with it: the condition that
-- keeps them out is then part of the index of the records that go to
-- screening, and queues and counts pay nothing for it.
ALTER TABLE records ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
DROP INDEX records_primaries;
CREATE INDEX records_primaries ON records (id) WHERE primary_id IS NULL AND withdrawn = 0;
