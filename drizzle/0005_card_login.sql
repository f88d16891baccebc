CREATE SCHEMA "card";
--> statement-breakpoint
CREATE SCHEMA "login";
--> statement-breakpoint
CREATE TABLE "pki"."verifiers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "card"."card_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"card_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" json
);
--> statement-breakpoint
CREATE TABLE "card"."cards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"status" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"issued_on" date,
	"expires_on" date,
	"delivered_at" timestamp with time zone,
	"authentication_serial" text,
	"signature_serial" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card"."feed_cursors" (
	"feed" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login"."challenges" (
	"nonce" text PRIMARY KEY NOT NULL,
	"origin" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login"."login_attempts" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"certificate_serial" text,
	"origin" text
);
--> statement-breakpoint
CREATE TABLE "login"."role_assignments" (
	"resident_id" uuid NOT NULL,
	"role" text NOT NULL,
	"organisation" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"granted_by" text NOT NULL,
	CONSTRAINT "role_assignments_resident_id_role_organisation_pk" PRIMARY KEY("resident_id","role","organisation")
);
--> statement-breakpoint
CREATE TABLE "login"."sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"certificate_serial" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pki"."crl_numbers" ADD COLUMN "changes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "card_events_card" ON "card"."card_events" USING btree ("card_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_one_live_per_resident" ON "card"."cards" USING btree ("resident_id") WHERE status in ('applied', 'identity-verified', 'issued', 'delivered', 'suspended');--> statement-breakpoint
CREATE UNIQUE INDEX "cards_authentication_serial" ON "card"."cards" USING btree ("authentication_serial");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_signature_serial" ON "card"."cards" USING btree ("signature_serial");--> statement-breakpoint
CREATE INDEX "login_attempts_serial" ON "login"."login_attempts" USING btree ("certificate_serial");--> statement-breakpoint
CREATE INDEX "sessions_resident" ON "login"."sessions" USING btree ("resident_id");