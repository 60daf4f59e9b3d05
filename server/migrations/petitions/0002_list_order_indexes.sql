DROP INDEX "cases_body_status_idx";--> statement-breakpoint
DROP INDEX "cases_receiving_status_idx";--> statement-breakpoint
DROP INDEX "cases_received_idx";--> statement-breakpoint
CREATE INDEX "cases_body_status_recent_idx" ON "cases" USING btree ("responsible_unit_id","status","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_body_recent_idx" ON "cases" USING btree ("responsible_unit_id","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_receiving_status_recent_idx" ON "cases" USING btree ("receiving_unit_id","status","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_recent_idx" ON "cases" USING btree ("received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_body_due_idx" ON "cases" USING btree ("responsible_unit_id","due_date");