CREATE TABLE "alert_deliveries" (
	"case_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"channel" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_deliveries_case_step_channel" UNIQUE("case_id","step","channel")
);
--> statement-breakpoint
ALTER TABLE "alert_steps" ADD COLUMN "cap_xml" text;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_case_id_step_alert_steps_case_id_step_fk" FOREIGN KEY ("case_id","step") REFERENCES "public"."alert_steps"("case_id","step") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_status_idx" ON "alert_deliveries" USING btree ("channel","status");