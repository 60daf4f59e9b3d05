-- Diacritic-insensitive task search: the folded title, kept by PostgreSQL, with a trigram index.
ALTER TABLE "directive_tasks" ADD COLUMN "title_fold" text GENERATED ALWAYS AS (f_fold("title")) STORED;
--> statement-breakpoint
CREATE INDEX "directive_tasks_title_trgm" ON "directive_tasks" USING gin ("title_fold" gin_trgm_ops);
--> statement-breakpoint
-- The task table's default order (deadline, then id) as an index.
CREATE INDEX "directive_tasks_deadline_id_idx" ON "directive_tasks" ("deadline", "id");
