ALTER TABLE "cases" ADD COLUMN "found_lat" double precision;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "found_lon" double precision;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "found_condition" text;