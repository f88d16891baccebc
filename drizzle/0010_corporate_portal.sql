CREATE TABLE "corporate"."member_activity" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"corporate_number" char(13) NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "corporate"."members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"corporate_number" char(13) NOT NULL,
	"resident_id" uuid,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "portal"."corporate_inbox" (
	"corporate_number" char(13) NOT NULL,
	"notice_id" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"read_by" uuid,
	"acted_at" timestamp with time zone,
	"acted_by" uuid,
	"reminders" integer DEFAULT 0 NOT NULL,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "corporate_inbox_corporate_number_notice_id_pk" PRIMARY KEY("corporate_number","notice_id")
);
--> statement-breakpoint
CREATE INDEX "member_activity_corporation" ON "corporate"."member_activity" USING btree ("corporate_number","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "members_code" ON "corporate"."members" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "members_corporation" ON "corporate"."members" USING btree ("corporate_number","status");--> statement-breakpoint
CREATE INDEX "members_resident" ON "corporate"."members" USING btree ("resident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_live" ON "corporate"."members" USING btree ("corporate_number","resident_id") WHERE status in ('applied', 'active');--> statement-breakpoint
CREATE INDEX "corporate_inbox_notice" ON "portal"."corporate_inbox" USING btree ("notice_id");