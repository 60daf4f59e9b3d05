ALTER TABLE "member_people" DROP CONSTRAINT "member_people_area_id_areas_id_fk";
--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_person_id_member_people_id_fk";
--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_unit_id_units_id_fk";
--> statement-breakpoint
DROP INDEX "member_people_name_birth_idx";--> statement-breakpoint
DROP INDEX "memberships_import_ref_idx";--> statement-breakpoint
-- The three references above are checked once per statement over all its rows (transition tables)
-- instead of once per row: a per-row foreign key locks the referenced row (FOR KEY SHARE, written to
-- the WAL) for every imported member, which was half the cost of a bulk import. See docs/decisions/0004.
CREATE FUNCTION members_check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'memberships' THEN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM member_people p WHERE p.id = n.person_id)) THEN
      RAISE EXCEPTION 'memberships.person_id references a missing person' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'memberships_person_id_fk';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = n.unit_id)) THEN
      RAISE EXCEPTION 'memberships.unit_id references a missing unit' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'memberships_unit_id_fk';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.area_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.id = n.area_id)) THEN
      RAISE EXCEPTION 'member_people.area_id references a missing area' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'member_people_area_id_fk';
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER memberships_refs_insert AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_refs();
--> statement-breakpoint
CREATE TRIGGER memberships_refs_update AFTER UPDATE ON memberships REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_refs();
--> statement-breakpoint
CREATE TRIGGER member_people_refs_insert AFTER INSERT ON member_people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_refs();
--> statement-breakpoint
CREATE TRIGGER member_people_refs_update AFTER UPDATE ON member_people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_refs();
--> statement-breakpoint
-- The other side: a person, unit or area still referenced cannot be deleted.
CREATE FUNCTION members_check_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'member_people' AND EXISTS (SELECT 1 FROM old_rows o JOIN memberships m ON m.person_id = o.id) THEN
    RAISE EXCEPTION 'member_people row is still referenced by memberships' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'memberships_person_id_fk';
  ELSIF TG_TABLE_NAME = 'units' AND EXISTS (SELECT 1 FROM old_rows o JOIN memberships m ON m.unit_id = o.id) THEN
    RAISE EXCEPTION 'units row is still referenced by memberships' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'memberships_unit_id_fk';
  ELSIF TG_TABLE_NAME = 'areas' AND EXISTS (SELECT 1 FROM old_rows o JOIN member_people p ON p.area_id = o.id) THEN
    RAISE EXCEPTION 'areas row is still referenced by member_people' USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'member_people_area_id_fk';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_people_referenced_delete AFTER DELETE ON member_people REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_referenced();
--> statement-breakpoint
CREATE TRIGGER units_members_referenced_delete AFTER DELETE ON units REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_referenced();
--> statement-breakpoint
CREATE TRIGGER areas_members_referenced_delete AFTER DELETE ON areas REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_check_referenced();
--> statement-breakpoint
-- Name search by words (issue: "nguyen thi hoa" finds "Nguyễn Thị Hoa"): a `simple` tsvector of the
-- folded name, one GIN entry per word instead of one per trigram, and prefix queries for the word being
-- typed. Cheaper to maintain in bulk imports and exact (no recheck of LIKE patterns).
DROP INDEX IF EXISTS memberships_name_fold_trgm;
--> statement-breakpoint
CREATE INDEX memberships_name_words ON memberships USING gin (to_tsvector('simple'::regconfig, name_fold)) WITH (gin_pending_list_limit = 16384);
