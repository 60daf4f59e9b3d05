CREATE TABLE "case_assignees" (
	"case_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"assigned_by" integer,
	"at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_assignees_case_id_user_id_pk" PRIMARY KEY("case_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_attachments" (
	"case_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	CONSTRAINT "case_attachments_case_id_file_id_pk" PRIMARY KEY("case_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "case_categories" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_routing_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"owner_path" "ltree" NOT NULL,
	"category_code" varchar(32),
	"kind" varchar(16),
	"area_id" integer,
	"area_path" "ltree",
	"target_unit_id" integer NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"note" text,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"action" varchar(16) NOT NULL,
	"status" varchar(16),
	"note" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"unit_id" integer
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"tracking_code" varchar(20) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"category_code" varchar(32) NOT NULL,
	"text" text NOT NULL,
	"channel" varchar(16) NOT NULL,
	"confidential" boolean DEFAULT false NOT NULL,
	"identity_enc" text,
	"has_contact" boolean DEFAULT false NOT NULL,
	"area_id" integer,
	"area_path" "ltree",
	"lat" double precision,
	"lng" double precision,
	"signatories" integer DEFAULT 1 NOT NULL,
	"receiving_unit_id" integer NOT NULL,
	"receiving_path" "ltree" NOT NULL,
	"responsible_unit_id" integer,
	"responsible_path" "ltree",
	"routed_by_rule" integer,
	"forwarded" boolean DEFAULT false NOT NULL,
	"status" varchar(16) DEFAULT 'received' NOT NULL,
	"remote" boolean DEFAULT false NOT NULL,
	"complex" boolean DEFAULT false NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp(3) with time zone,
	"answered_at" timestamp(3) with time zone,
	"closed_at" timestamp(3) with time zone,
	"accept_due" date,
	"resolve_due" date,
	"due_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
ALTER TABLE "case_assignees" ADD CONSTRAINT "case_assignees_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignees" ADD CONSTRAINT "case_assignees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_routing_rules" ADD CONSTRAINT "case_routing_rules_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_routing_rules" ADD CONSTRAINT "case_routing_rules_category_code_case_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."case_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_routing_rules" ADD CONSTRAINT "case_routing_rules_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_routing_rules" ADD CONSTRAINT "case_routing_rules_target_unit_id_units_id_fk" FOREIGN KEY ("target_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_code_case_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."case_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_receiving_unit_id_units_id_fk" FOREIGN KEY ("receiving_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_responsible_unit_id_units_id_fk" FOREIGN KEY ("responsible_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignees_user_idx" ON "case_assignees" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "case_routing_rules_cat_idx" ON "case_routing_rules" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "case_routing_rules_owner_gist" ON "case_routing_rules" USING gist ("owner_path");--> statement-breakpoint
CREATE INDEX "case_steps_case_idx" ON "case_steps" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_tracking_uq" ON "cases" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "cases_body_status_idx" ON "cases" USING btree ("responsible_unit_id","status","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_receiving_status_idx" ON "cases" USING btree ("receiving_unit_id","status","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_received_idx" ON "cases" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_due_idx" ON "cases" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "cases_receiving_path_gist" ON "cases" USING gist ("receiving_path");--> statement-breakpoint
CREATE INDEX "cases_responsible_path_gist" ON "cases" USING gist ("responsible_path");--> statement-breakpoint
CREATE INDEX "cases_area_path_gist" ON "cases" USING gist ("area_path");--> statement-breakpoint
CREATE INDEX "cases_area_cat_idx" ON "cases" USING btree ("area_id","category_code","received_at");