ALTER TABLE "linkage"."records" ALTER COLUMN "processing_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ALTER COLUMN "requester" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ALTER COLUMN "provider" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ALTER COLUMN "procedure" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ALTER COLUMN "item" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ALTER COLUMN "outcome" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkage"."records" ADD COLUMN "step" char(16);--> statement-breakpoint
ALTER TABLE "linkage"."records" ADD COLUMN "purged_at" timestamp (3) with time zone;