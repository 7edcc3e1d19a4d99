CREATE TABLE "alert_steps" (
	"case_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"kind" text NOT NULL,
	"msg_type" text NOT NULL,
	"message_id" text NOT NULL,
	"tier_index" integer NOT NULL,
	"areas" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "alert_steps_case_id_step_pk" PRIMARY KEY("case_id","step"),
	CONSTRAINT "alert_steps_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "approval_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"kind" text NOT NULL,
	"audience" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_sub" text,
	"reason" text,
	"notified_at" timestamp with time zone,
	CONSTRAINT "approval_events_case_round_kind" UNIQUE("case_id","round","kind")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"case_id" uuid,
	"outcome" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "case_personal_data" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"report" jsonb NOT NULL,
	"child_fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"risk" text,
	"jurisdiction" text NOT NULL,
	"reporting_unit_id" text NOT NULL,
	"consent_to_publish" boolean,
	"probable_duplicate_of" uuid,
	"tier_reached" integer,
	"national_reached" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"validated_at" timestamp with time zone,
	"approval_requested_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"first_alert_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"close_reason" text,
	"personal_data_purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_requests" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"actor_sub" text NOT NULL,
	"case_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_steps" ADD CONSTRAINT "alert_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_personal_data" ADD CONSTRAINT "case_personal_data_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_case_idx" ON "audit_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "case_personal_data_fingerprint_idx" ON "case_personal_data" USING btree ("child_fingerprint");--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "cases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cases_jurisdiction_idx" ON "cases" USING btree ("jurisdiction","status");