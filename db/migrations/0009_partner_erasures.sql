CREATE TABLE "partner_erasures" (
	"case_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"message_ids" jsonb NOT NULL,
	"erased_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_erasures_case_id_channel_pk" PRIMARY KEY("case_id","channel")
);
--> statement-breakpoint
ALTER TABLE "partner_erasures" ADD CONSTRAINT "partner_erasures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;