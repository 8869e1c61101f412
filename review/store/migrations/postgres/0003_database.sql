-- winnow review schema, version 3: the database an export names for a
-- record (RIS DB/DP), if any; a file whose records name several is a
-- combined library.
ALTER TABLE records ADD COLUMN database TEXT COLLATE "C" NOT NULL DEFAULT '';
