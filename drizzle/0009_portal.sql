CREATE SCHEMA "portal";
--> statement-breakpoint
CREATE TABLE "portal"."activity" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"actor_resident_id" uuid NOT NULL,
	"mandate_id" uuid,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "portal"."inbox" (
	"resident_id" uuid NOT NULL,
	"notice_id" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"acted_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "inbox_resident_id_notice_id_pk" PRIMARY KEY("resident_id","notice_id")
);
--> statement-breakpoint
CREATE TABLE "portal"."mandates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"principal_id" uuid,
	"proxy_id" uuid,
	"requested_by" uuid NOT NULL,
	"requested_as" text NOT NULL,
	"scope" jsonb NOT NULL,
	"valid_until" date NOT NULL,
	"status" text NOT NULL,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "portal"."notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sender" text NOT NULL,
	"sender_name" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"attachment_name" text,
	"attachment" text,
	"audience" jsonb NOT NULL,
	"open" boolean NOT NULL,
	"status" text NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"remind_every_days" integer,
	"next_reminder_at" timestamp with time zone,
	"delivered" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "activity_resident" ON "portal"."activity" USING btree ("resident_id","seq");--> statement-breakpoint
CREATE INDEX "inbox_notice" ON "portal"."inbox" USING btree ("notice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mandates_code" ON "portal"."mandates" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "mandates_principal" ON "portal"."mandates" USING btree ("principal_id");--> statement-breakpoint
CREATE INDEX "mandates_proxy" ON "portal"."mandates" USING btree ("proxy_id");--> statement-breakpoint
CREATE INDEX "notices_due" ON "portal"."notices" USING btree ("send_at") WHERE status in ('scheduled', 'sending');--> statement-breakpoint
CREATE INDEX "notices_sender" ON "portal"."notices" USING btree ("sender","created_at");