CREATE SCHEMA "jlis";
--> statement-breakpoint
CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TABLE "registry"."events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"effective_date" date NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"late_filing" boolean DEFAULT false NOT NULL,
	"after" jsonb NOT NULL,
	"changed_facts" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"head_resident_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."identity_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"number_check" text[] NOT NULL,
	"identity_check" text[] NOT NULL,
	"checked_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."municipalities" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_kana" text NOT NULL,
	"parent_code" char(6)
);
--> statement-breakpoint
CREATE TABLE "jlis"."national_index" (
	"resident_record_code" char(11) PRIMARY KEY NOT NULL,
	"individual_number" char(12) NOT NULL,
	"generation" integer NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "national_index_individual_number_unique" UNIQUE("individual_number")
);
--> statement-breakpoint
CREATE TABLE "registry"."residents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_record_code" char(11) NOT NULL,
	"family_name" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name_kana" text NOT NULL,
	"given_name_kana" text NOT NULL,
	"name_flags" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" char(1) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"address" text NOT NULL,
	"address_flags" text NOT NULL,
	"household_id" uuid,
	"relationship" text,
	"status" text NOT NULL,
	"moving_to" char(6),
	"moving_on" date,
	"kana_key" text NOT NULL,
	"kanji_key" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "residents_resident_record_code_unique" UNIQUE("resident_record_code")
);
--> statement-breakpoint
CREATE TABLE "jlis"."retired_numbers" (
	"individual_number" char(12) PRIMARY KEY NOT NULL,
	"resident_record_code" char(11) NOT NULL,
	"generation" integer NOT NULL,
	"retired_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "events_resident" ON "registry"."events" USING btree ("resident_id","seq");--> statement-breakpoint
CREATE INDEX "residents_kana_key" ON "registry"."residents" USING btree ("kana_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "residents_kanji_key" ON "registry"."residents" USING btree ("kanji_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "residents_municipality" ON "registry"."residents" USING btree ("municipality_code","status");--> statement-breakpoint
CREATE INDEX "residents_household" ON "registry"."residents" USING btree ("household_id");