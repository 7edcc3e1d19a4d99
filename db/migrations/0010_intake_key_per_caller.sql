-- An Idempotency-Key is the caller's own (issue 14): one officer's key never blocks or returns another
-- officer's case. The key alone was the primary key (0000_init's default name); now the caller and the key.
ALTER TABLE "intake_requests" DROP CONSTRAINT "intake_requests_pkey";--> statement-breakpoint
ALTER TABLE "intake_requests" ADD CONSTRAINT "intake_requests_actor_key_pk" PRIMARY KEY("actor_sub","idempotency_key");
