-- winnow review schema, version 9: who made each link, how it was undone,
-- and what a person's link replaced, so that it can be taken back.

-- made_as is the role of the person who made a link: 'lead' or
-- 'screener' ('' for a link a dedup run made). A screener may take back
-- or unlink only links made by themselves; the rest is for leads.
ALTER TABLE dedup_links ADD COLUMN made_as TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (made_as IN ('', 'lead', 'screener'));
-- replaced is a JSON array of the pair verdicts (dedup_pairs rows) the
-- link changed, as they were before it: [{"a", "b", "status", "by", "at"}],
-- status '' for a pair that had no row. Taking the link back restores them.
ALTER TABLE dedup_links ADD COLUMN replaced TEXT COLLATE "C" NOT NULL DEFAULT '[]';
-- undone_how says how an undone link was undone: 'undo' (the whole
-- cluster split), 'unlink' (one record taken out), 'taken back' (its
-- maker withdrew it, as a mistake: no verdict is left behind).
ALTER TABLE dedup_links ADD COLUMN undone_how TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (undone_how IN ('', 'undo', 'unlink', 'taken back'));

-- Links made before this version kept only the person's name: their role
-- is taken from the team as it is now. Every undo then split a cluster.
UPDATE dedup_links SET made_as = CASE WHEN EXISTS (SELECT 1 FROM reviewers r WHERE lower(r.name) COLLATE "C" = lower(dedup_links.created_by) COLLATE "C" AND r.lead <> 0)
	THEN 'lead' ELSE 'screener' END WHERE made_by = 'person';
UPDATE dedup_links SET undone_how = 'undo' WHERE undone_at IS NOT NULL;
