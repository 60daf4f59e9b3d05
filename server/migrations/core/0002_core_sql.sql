-- The audit log is append-only: updates and deletes are refused by the database itself.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
-- Diacritic-insensitive search over unit and area names (the unit picker's search box).
CREATE INDEX units_name_fold_trgm ON units USING gin (f_fold(name) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX areas_name_fold_trgm ON areas USING gin (f_fold(name) gin_trgm_ops);
