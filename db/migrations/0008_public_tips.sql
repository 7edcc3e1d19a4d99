CREATE TABLE "case_tips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"receipt" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"place" text,
	"lat" double precision,
	"lon" double precision,
	"description" text NOT NULL,
	"phone" text,
	"callback_consent" boolean DEFAULT false NOT NULL,
	"credible" boolean,
	"assessment_reason" text,
	"assessed_by_sub" text,
	"assessed_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	"sighting_command_id" uuid,
	CONSTRAINT "case_tips_receipt_unique" UNIQUE("receipt")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tips_received" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tips_promoted" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tips_dismissed" integer;--> statement-breakpoint
ALTER TABLE "case_tips" ADD CONSTRAINT "case_tips_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_tips_case_idx" ON "case_tips" USING btree ("case_id","received_at");--> statement-breakpoint
-- Open consoles refetch a case's tips when one arrives or is triaged: the notification names the case
-- and the kind (`tip`), never what the tip says.
CREATE TRIGGER case_tips_change_notify AFTER INSERT OR UPDATE ON case_tips
  FOR EACH ROW EXECUTE FUNCTION case_change_notify('tip');
