CREATE TABLE "consent_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"given" boolean NOT NULL,
	"given_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by_sub" text NOT NULL,
	"recorded_by_role" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "consent_records_case_purpose" UNIQUE("case_id","purpose")
);
--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_once_per_case" ON "audit_log" USING btree ("case_id","action") WHERE action = 'case.purge_personal_data';