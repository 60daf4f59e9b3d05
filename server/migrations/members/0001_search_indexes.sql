-- Diacritic-insensitive name search: name_fold holds fold(full_name) (computed by the application),
-- searched with LIKE '%nguyen%thi%hoa%' through trigram GIN indexes.
CREATE INDEX memberships_name_fold_trgm ON memberships USING gin (name_fold gin_trgm_ops);--> statement-breakpoint
CREATE INDEX member_people_name_fold_trgm ON member_people USING gin (name_fold gin_trgm_ops);
