-- Surveys and polls (issue 12): surveys with their questions, who took part (one voice per person), and the
-- answers, kept apart from the participant in anonymous surveys. Row-level security on every table.
CREATE TABLE "surveys" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"closing_text" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"access" text DEFAULT 'residents' NOT NULL,
	"results_visibility" text DEFAULT 'after_end' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"sms_replies" boolean DEFAULT false NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"topic" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"announcement_id" uuid,
	"outcome_note" text DEFAULT '' NOT NULL,
	"outcome_published_at" timestamp with time zone,
	"response_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "surveys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "surveys_status_check" CHECK (status IN ('draft', 'published', 'closed')),
	CONSTRAINT "surveys_access_check" CHECK (access IN ('residents', 'link')),
	CONSTRAINT "surveys_results_visibility_check" CHECK (results_visibility IN ('live', 'after_end', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE surveys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON surveys USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "surveys_status_idx" ON "surveys" USING btree ("tenant_id","status","ends_at");
--> statement-breakpoint
CREATE INDEX "surveys_announcement_idx" ON "surveys" USING btree ("tenant_id","announcement_id") WHERE announcement_id is not null;
--> statement-breakpoint
CREATE TABLE "survey_questions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"help" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scale_min" integer,
	"scale_max" integer,
	"min_label" text,
	"max_label" text,
	"max_length" integer,
	CONSTRAINT "survey_questions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "survey_questions_kind_check" CHECK (kind IN ('single', 'multiple', 'yes_no', 'rating', 'ranking', 'text'))
);
--> statement-breakpoint
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE survey_questions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON survey_questions USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "survey_questions_survey_idx" ON "survey_questions" USING btree ("tenant_id","survey_id","position");
--> statement-breakpoint
CREATE TABLE "survey_participants" (
	"tenant_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"resident_id" uuid,
	"channel" text NOT NULL,
	"participated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_participants_tenant_id_survey_id_voter_key_pk" PRIMARY KEY("tenant_id","survey_id","voter_key"),
	CONSTRAINT "survey_participants_channel_check" CHECK (channel IN ('portal', 'sms'))
);
--> statement-breakpoint
ALTER TABLE "survey_participants" ADD CONSTRAINT "survey_participants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE survey_participants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON survey_participants USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "survey_participants_resident_idx" ON "survey_participants" USING btree ("tenant_id","resident_id") WHERE resident_id is not null;
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"resident_id" uuid,
	"channel" text NOT NULL,
	"language" text DEFAULT 'de' NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "survey_responses_channel_check" CHECK (channel IN ('portal', 'sms'))
);
--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE survey_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON survey_responses USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("tenant_id","survey_id","submitted_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_resident_uq" ON "survey_responses" USING btree ("tenant_id","survey_id","resident_id") WHERE resident_id is not null;
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"tenant_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"choices" jsonb,
	"number" integer,
	"text" text,
	CONSTRAINT "survey_answers_tenant_id_response_id_question_id_pk" PRIMARY KEY("tenant_id","response_id","question_id")
);
--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE survey_answers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON survey_answers USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "survey_answers_question_idx" ON "survey_answers" USING btree ("tenant_id","survey_id","question_id");
