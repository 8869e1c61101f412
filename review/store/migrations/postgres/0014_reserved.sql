-- winnow review schema, version 14: a placeholder on the h-screen branch so that
-- version 15 follows without a gap; the migration of this number from another
-- branch replaces this file when they are merged.
SELECT 1;
