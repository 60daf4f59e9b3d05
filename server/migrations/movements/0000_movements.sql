CREATE TABLE "mv_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"form_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"form_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"indicator_id" integer,
	"rule" varchar(16) NOT NULL,
	"severity" varchar(8) DEFAULT 'medium' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" varchar(10) DEFAULT 'open' NOT NULL,
	"comment" text,
	"accepted_by" integer,
	"accepted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_form_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"form_id" integer NOT NULL,
	"action" varchar(16) NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"comment" text,
	"at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"schedule_id" integer NOT NULL,
	"movement_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"period_key" varchar(10) NOT NULL,
	"period_start" integer NOT NULL,
	"period_end" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" varchar(12) DEFAULT 'draft' NOT NULL,
	"note" text,
	"returned_comment" text,
	"values_hash" varchar(64),
	"submitted_at" timestamp(3) with time zone,
	"submitted_by" integer,
	"approved_at" timestamp(3) with time zone,
	"approved_by" integer,
	"reminded_at" timestamp(3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"measure" varchar(40) NOT NULL,
	"value_type" varchar(16) NOT NULL,
	"aggregation" varchar(16) NOT NULL,
	"weight_indicator_id" integer,
	"per_capita_indicator_id" integer,
	"source" varchar(80),
	"source_mode" varchar(8),
	"disaggregations" text[] DEFAULT '{}' NOT NULL,
	"rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_movement_indicators" (
	"movement_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "mv_movement_indicators_movement_id_indicator_id_pk" PRIMARY KEY("movement_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "mv_movements" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(16) DEFAULT 'movement' NOT NULL,
	"organizations" text[] DEFAULT '{}' NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"goals" text,
	"description" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_rollup" (
	"unit_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"disagg" varchar(40) DEFAULT '' NOT NULL,
	"period_start" integer NOT NULL,
	"period_end" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"sum_v" double precision DEFAULT 0 NOT NULL,
	"sum_w" double precision DEFAULT 0 NOT NULL,
	"sum_vw" double precision DEFAULT 0 NOT NULL,
	"max_v" double precision,
	CONSTRAINT "mv_rollup_unit_id_indicator_id_disagg_period_start_period_end_pk" PRIMARY KEY("unit_id","indicator_id","disagg","period_start","period_end")
);
--> statement-breakpoint
CREATE TABLE "mv_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"movement_id" integer NOT NULL,
	"frequency" varchar(8) NOT NULL,
	"first_period" varchar(10) NOT NULL,
	"last_period" varchar(10),
	"due_days" integer DEFAULT 10 NOT NULL,
	"min_depth" integer DEFAULT 1 NOT NULL,
	"max_depth" integer DEFAULT 10 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"generated_until" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mv_targets" (
	"indicator_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "mv_targets_indicator_id_unit_id_year_pk" PRIMARY KEY("indicator_id","unit_id","year")
);
--> statement-breakpoint
CREATE TABLE "mv_values" (
	"form_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"disagg" varchar(40) DEFAULT '' NOT NULL,
	"unit_id" integer NOT NULL,
	"period_start" integer NOT NULL,
	"period_end" integer NOT NULL,
	"value" double precision,
	"text_value" text,
	"source" varchar(8) DEFAULT 'entered' NOT NULL,
	CONSTRAINT "mv_values_form_id_indicator_id_disagg_pk" PRIMARY KEY("form_id","indicator_id","disagg")
);
--> statement-breakpoint
ALTER TABLE "mv_attachments" ADD CONSTRAINT "mv_attachments_form_id_mv_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."mv_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_attachments" ADD CONSTRAINT "mv_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_attachments" ADD CONSTRAINT "mv_attachments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_flags" ADD CONSTRAINT "mv_flags_form_id_mv_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."mv_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_form_events" ADD CONSTRAINT "mv_form_events_form_id_mv_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."mv_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_forms" ADD CONSTRAINT "mv_forms_schedule_id_mv_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."mv_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_forms" ADD CONSTRAINT "mv_forms_movement_id_mv_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."mv_movements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_forms" ADD CONSTRAINT "mv_forms_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_forms" ADD CONSTRAINT "mv_forms_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_forms" ADD CONSTRAINT "mv_forms_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_indicators" ADD CONSTRAINT "mv_indicators_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_movement_indicators" ADD CONSTRAINT "mv_movement_indicators_movement_id_mv_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."mv_movements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_movement_indicators" ADD CONSTRAINT "mv_movement_indicators_indicator_id_mv_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."mv_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_movements" ADD CONSTRAINT "mv_movements_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_schedules" ADD CONSTRAINT "mv_schedules_movement_id_mv_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."mv_movements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_targets" ADD CONSTRAINT "mv_targets_indicator_id_mv_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."mv_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_targets" ADD CONSTRAINT "mv_targets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_values" ADD CONSTRAINT "mv_values_form_id_mv_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."mv_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mv_values" ADD CONSTRAINT "mv_values_indicator_id_mv_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."mv_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mv_attachments_form_idx" ON "mv_attachments" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "mv_flags_form_idx" ON "mv_flags" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "mv_flags_unit_idx" ON "mv_flags" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "mv_form_events_form_idx" ON "mv_form_events" USING btree ("form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mv_forms_schedule_unit_period_uq" ON "mv_forms" USING btree ("schedule_id","unit_id","period_start");--> statement-breakpoint
CREATE INDEX "mv_forms_unit_idx" ON "mv_forms" USING btree ("unit_id","period_start");--> statement-breakpoint
CREATE INDEX "mv_forms_period_idx" ON "mv_forms" USING btree ("schedule_id","period_start","status");--> statement-breakpoint
CREATE INDEX "mv_forms_hash_idx" ON "mv_forms" USING btree ("values_hash");--> statement-breakpoint
CREATE INDEX "mv_forms_due_idx" ON "mv_forms" USING btree ("status","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "mv_indicators_code_uq" ON "mv_indicators" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "mv_movements_code_uq" ON "mv_movements" USING btree ("code");--> statement-breakpoint
CREATE INDEX "mv_movements_lead_idx" ON "mv_movements" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "mv_schedules_movement_idx" ON "mv_schedules" USING btree ("movement_id");--> statement-breakpoint
CREATE INDEX "mv_values_unit_ind_idx" ON "mv_values" USING btree ("indicator_id","unit_id","period_start");