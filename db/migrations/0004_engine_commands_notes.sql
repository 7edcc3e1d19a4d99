CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"author_sub" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_sightings" (
	"command_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"note_id" uuid,
	"reported_by_sub" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_events" ADD COLUMN "notify_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_events" ADD COLUMN "notify_error" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "command_id" uuid;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sightings" ADD CONSTRAINT "case_sightings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_notes_case_idx" ON "case_notes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_sightings_case_idx" ON "case_sightings" USING btree ("case_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_command_once" ON "audit_log" USING btree ("command_id");