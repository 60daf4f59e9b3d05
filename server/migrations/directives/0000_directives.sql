CREATE TABLE "directive_recipients" (
	"directive_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"acknowledged_at" timestamp(3) with time zone,
	"acknowledged_by" integer,
	CONSTRAINT "directive_recipients_directive_id_unit_id_pk" PRIMARY KEY("directive_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "directive_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"directive_id" integer NOT NULL,
	"parent_id" integer,
	"ordinal" varchar(16) NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"lead_unit_id" integer NOT NULL,
	"kind" varchar(16) DEFAULT 'once' NOT NULL,
	"deadline" date,
	"recurrence" varchar(16) DEFAULT 'none' NOT NULL,
	"due_month_day" varchar(5),
	"start_year" smallint,
	"end_year" smallint,
	"series_id" integer,
	"period_year" smallint,
	"expected_result" text,
	"indicator_codes" text[] DEFAULT '{}' NOT NULL,
	"status" varchar(16) DEFAULT 'not_started' NOT NULL,
	"percent" smallint DEFAULT 0 NOT NULL,
	"last_report_at" timestamp(3) with time zone,
	"done_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directives" (
	"id" serial PRIMARY KEY NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"kind" varchar(32) NOT NULL,
	"number" varchar(32),
	"symbol" varchar(64),
	"issued_on" date,
	"issuing_body" text NOT NULL,
	"signer" text,
	"signer_title" text,
	"title" text NOT NULL,
	"body" text,
	"file_id" integer,
	"recipients_text" text,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dissemination_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"directive_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"audience" text NOT NULL,
	"attendance_by_group" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attendance_total" integer NOT NULL,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"materials" text,
	"file_id" integer,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generated_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"period" varchar(16) NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"title" text NOT NULL,
	"header" jsonb NOT NULL,
	"sections" jsonb NOT NULL,
	"provenance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"format" varchar(8) NOT NULL,
	"file_id" integer,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_clauses" (
	"id" serial PRIMARY KEY NOT NULL,
	"program_id" integer NOT NULL,
	"ordinal" varchar(16) NOT NULL,
	"text" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"deadline" date,
	"status" varchar(16) DEFAULT 'open' NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_parties" (
	"program_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"label" varchar(32) NOT NULL,
	CONSTRAINT "program_parties_program_id_unit_id_pk" PRIMARY KEY("program_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "program_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"program_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"held_on" date NOT NULL,
	"summary" text NOT NULL,
	"clause_results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_steps" text,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"number" varchar(64),
	"title" text NOT NULL,
	"signed_on" date,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"body" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_coordinators" (
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "task_coordinators_task_id_unit_id_pk" PRIMARY KEY("task_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "task_reminders" (
	"task_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"on_date" date NOT NULL,
	"sent_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "task_reminders_task_id_kind_on_date_pk" PRIMARY KEY("task_id","kind","on_date")
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" varchar(16) NOT NULL,
	"status" varchar(16) NOT NULL,
	"percent" smallint NOT NULL,
	"narrative" text NOT NULL,
	"evidence_file_ids" integer[] DEFAULT '{}' NOT NULL,
	"figures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_tasks" ADD CONSTRAINT "directive_tasks_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_tasks" ADD CONSTRAINT "directive_tasks_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_issuer_unit_id_units_id_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dissemination_sessions" ADD CONSTRAINT "dissemination_sessions_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dissemination_sessions" ADD CONSTRAINT "dissemination_sessions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dissemination_sessions" ADD CONSTRAINT "dissemination_sessions_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dissemination_sessions" ADD CONSTRAINT "dissemination_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_reports" ADD CONSTRAINT "generated_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_reports" ADD CONSTRAINT "generated_reports_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_reports" ADD CONSTRAINT "generated_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_clauses" ADD CONSTRAINT "program_clauses_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_clauses" ADD CONSTRAINT "program_clauses_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_parties" ADD CONSTRAINT "program_parties_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_parties" ADD CONSTRAINT "program_parties_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_reviews" ADD CONSTRAINT "program_reviews_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_reviews" ADD CONSTRAINT "program_reviews_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_coordinators" ADD CONSTRAINT "task_coordinators_task_id_directive_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."directive_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_coordinators" ADD CONSTRAINT "task_coordinators_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_task_id_directive_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."directive_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_task_id_directive_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."directive_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directive_recipients_unit_idx" ON "directive_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "directive_tasks_directive_idx" ON "directive_tasks" USING btree ("directive_id","ordinal");--> statement-breakpoint
CREATE INDEX "directive_tasks_lead_idx" ON "directive_tasks" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "directive_tasks_deadline_idx" ON "directive_tasks" USING btree ("deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "directive_tasks_series_year_uq" ON "directive_tasks" USING btree ("series_id","period_year");--> statement-breakpoint
CREATE INDEX "directives_issuer_idx" ON "directives" USING btree ("issuer_unit_id");--> statement-breakpoint
CREATE INDEX "directives_issued_idx" ON "directives" USING btree ("issued_on");--> statement-breakpoint
CREATE INDEX "dissemination_directive_idx" ON "dissemination_sessions" USING btree ("directive_id","unit_id");--> statement-breakpoint
CREATE INDEX "dissemination_unit_idx" ON "dissemination_sessions" USING btree ("unit_id","held_on");--> statement-breakpoint
CREATE INDEX "generated_reports_unit_idx" ON "generated_reports" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "program_clauses_program_idx" ON "program_clauses" USING btree ("program_id","ordinal");--> statement-breakpoint
CREATE INDEX "program_parties_unit_idx" ON "program_parties" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "program_reviews_year_uq" ON "program_reviews" USING btree ("program_id","year");--> statement-breakpoint
CREATE INDEX "programs_unit_idx" ON "programs" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "task_coordinators_unit_idx" ON "task_coordinators" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "task_reports_task_idx" ON "task_reports" USING btree ("task_id","created_at");