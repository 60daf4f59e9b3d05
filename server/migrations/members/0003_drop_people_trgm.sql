-- Searches read memberships.name_fold; duplicate checks use the (name_fold, birth_year) btree. The
-- trigram index on people only slowed bulk imports down.
DROP INDEX IF EXISTS member_people_name_fold_trgm;
--> statement-breakpoint
-- Bulk imports append to the index's pending list (cheap) instead of updating the trigram tree row by
-- row; the importer merges the list at the end (gin_clean_pending_list), autovacuum otherwise.
ALTER INDEX memberships_name_fold_trgm SET (gin_pending_list_limit = 16384);
--> statement-breakpoint
-- Folded names, CCCDs, phones, card numbers and row fingerprints are ASCII keys: compare them bytewise
-- ("C"), which makes their btree indexes several times cheaper to maintain and to search than with the
-- database's linguistic collation. (Display order of names is by name_fold either way.)
ALTER TABLE memberships ALTER COLUMN name_fold TYPE text COLLATE "C", ALTER COLUMN card_no TYPE varchar(32) COLLATE "C", ALTER COLUMN import_ref TYPE varchar(20) COLLATE "C";--> statement-breakpoint
ALTER TABLE member_people ALTER COLUMN name_fold TYPE text COLLATE "C", ALTER COLUMN cccd TYPE varchar(12) COLLATE "C", ALTER COLUMN phone TYPE varchar(20) COLLATE "C";
