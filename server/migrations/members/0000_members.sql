CREATE TABLE "member_access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"kind" varchar(24) NOT NULL,
	"person_ids" integer[] NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "member_eligible" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_id" integer NOT NULL,
	"area_path" "ltree" NOT NULL,
	"organization_id" integer NOT NULL,
	"year" integer NOT NULL,
	"count" integer NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"membership_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" varchar(24) NOT NULL,
	"on_date" date NOT NULL,
	"reason" text,
	"data" jsonb,
	"recorded_by" integer,
	"recorded_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_org_rules" (
	"organization_code" varchar(32) PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_people" (
	"id" serial PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"name_fold" text NOT NULL,
	"birth_date" date,
	"birth_year" integer,
	"gender" varchar(8),
	"ethnicity" text,
	"religion" text,
	"cccd" varchar(12),
	"phone" varchar(20),
	"area_id" integer,
	"address" text,
	"occupation" text,
	"employer" text,
	"education" text,
	"theory_level" text,
	"party_member" boolean,
	"veteran" boolean,
	"erased_at" timestamp(3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"membership_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"level" varchar(32) NOT NULL,
	"note" text,
	"rated_by" integer,
	"rated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"membership_id" integer NOT NULL,
	"from_unit_id" integer NOT NULL,
	"to_unit_id" integer NOT NULL,
	"on_date" date NOT NULL,
	"reason" text,
	"status" varchar(12) DEFAULT 'pending' NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp(3) with time zone,
	"new_membership_id" integer
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"full_name" text NOT NULL,
	"name_fold" text NOT NULL,
	"gender" varchar(8),
	"birth_year" integer,
	"joined_on" date,
	"started_on" date NOT NULL,
	"ended_on" date,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"role" varchar(16) DEFAULT 'member' NOT NULL,
	"card_no" varchar(32),
	"prev_membership_id" integer,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_ref" varchar(20),
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_eligible" ADD CONSTRAINT "member_eligible_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_people" ADD CONSTRAINT "member_people_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_ratings" ADD CONSTRAINT "member_ratings_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_from_unit_id_units_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_to_unit_id_units_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_member_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."member_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_access_log_actor_idx" ON "member_access_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "member_eligible_uq" ON "member_eligible" USING btree ("area_id","organization_id","year");--> statement-breakpoint
CREATE INDEX "member_eligible_path_gist" ON "member_eligible" USING gist ("area_path");--> statement-breakpoint
CREATE INDEX "member_events_membership_idx" ON "member_events" USING btree ("membership_id","id");--> statement-breakpoint
CREATE INDEX "member_events_person_idx" ON "member_events" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_people_cccd_uq" ON "member_people" USING btree ("cccd") WHERE cccd IS NOT NULL;--> statement-breakpoint
CREATE INDEX "member_people_name_birth_idx" ON "member_people" USING btree ("name_fold","birth_year");--> statement-breakpoint
CREATE INDEX "member_people_phone_idx" ON "member_people" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "member_ratings_uq" ON "member_ratings" USING btree ("membership_id","year");--> statement-breakpoint
CREATE INDEX "member_ratings_unit_idx" ON "member_ratings" USING btree ("unit_id","year");--> statement-breakpoint
CREATE INDEX "member_transfers_to_idx" ON "member_transfers" USING btree ("to_unit_id","status");--> statement-breakpoint
CREATE INDEX "member_transfers_from_idx" ON "member_transfers" USING btree ("from_unit_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "member_transfers_pending_uq" ON "member_transfers" USING btree ("membership_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "memberships_person_idx" ON "memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "memberships_unit_idx" ON "memberships" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "memberships_name_idx" ON "memberships" USING btree ("name_fold","id");--> statement-breakpoint
CREATE INDEX "memberships_card_idx" ON "memberships" USING btree ("card_no");--> statement-breakpoint
CREATE INDEX "memberships_prev_idx" ON "memberships" USING btree ("prev_membership_id");--> statement-breakpoint
CREATE INDEX "memberships_import_ref_idx" ON "memberships" USING btree ("import_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_open_uq" ON "memberships" USING btree ("person_id","organization_id") WHERE ended_on IS NULL;