-- winnow review schema, version 15 (PostgreSQL): a member can leave the
-- team mid-review.

-- A removed member keeps their row, and their decisions stay in the
-- history, the outcomes and the agreement figures; NULL: on the team.
-- They can no longer act. replaced_by names who took their place
-- (`winnow team replace OLD NEW`), '' when no one did.
ALTER TABLE reviewers ADD COLUMN removed_at TEXT COLLATE "C";
ALTER TABLE reviewers ADD COLUMN removed_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE reviewers ADD COLUMN replaced_by TEXT COLLATE "C" NOT NULL DEFAULT '';
