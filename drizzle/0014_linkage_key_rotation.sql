ALTER TABLE "linkage"."institutions" ADD COLUMN "previous_signing_key" jsonb;--> statement-breakpoint
ALTER TABLE "linkage"."institutions" ADD COLUMN "previous_agreement_key" jsonb;--> statement-breakpoint
ALTER TABLE "linkage"."institutions" ADD COLUMN "keys_rotated_at" timestamp with time zone;