DROP INDEX "memberships_prev_idx";--> statement-breakpoint
CREATE INDEX "memberships_prev_idx" ON "memberships" USING btree ("prev_membership_id") WHERE prev_membership_id IS NOT NULL;