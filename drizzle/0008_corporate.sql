CREATE SCHEMA "corporate";
--> statement-breakpoint
CREATE TABLE "corporate"."applications" (
	"digest" char(64) PRIMARY KEY NOT NULL,
	"hint" text NOT NULL,
	"name" text NOT NULL,
	"contact" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "corporate"."versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"corporate_number" char(13) NOT NULL,
	"version" integer NOT NULL,
	"process" char(2) NOT NULL,
	"correct" char(1) NOT NULL,
	"update_date" char(10) NOT NULL,
	"change_date" text NOT NULL,
	"name" text NOT NULL,
	"name_image_id" text NOT NULL,
	"kind" text NOT NULL,
	"prefecture_name" text NOT NULL,
	"city_name" text NOT NULL,
	"street_number" text NOT NULL,
	"address_image_id" text NOT NULL,
	"prefecture_code" text NOT NULL,
	"city_code" text NOT NULL,
	"post_code" text NOT NULL,
	"address_outside" text NOT NULL,
	"address_outside_image_id" text NOT NULL,
	"close_date" text NOT NULL,
	"close_cause" text NOT NULL,
	"successor_corporate_number" text NOT NULL,
	"change_cause" text NOT NULL,
	"assignment_date" text NOT NULL,
	"latest" boolean NOT NULL,
	"en_name" text NOT NULL,
	"en_prefecture_name" text NOT NULL,
	"en_city_name" text NOT NULL,
	"en_address_outside" text NOT NULL,
	"furigana" text NOT NULL,
	"hihyoji" char(1) NOT NULL,
	"name_key" text NOT NULL,
	"en_key" text NOT NULL,
	"grams" integer[] NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "versions_number_version" ON "corporate"."versions" USING btree ("corporate_number","version");--> statement-breakpoint
CREATE UNIQUE INDEX "versions_latest" ON "corporate"."versions" USING btree ("corporate_number") WHERE "corporate"."versions"."latest";--> statement-breakpoint
CREATE INDEX "versions_update" ON "corporate"."versions" USING btree ("update_date","id");--> statement-breakpoint
CREATE INDEX "versions_name_key" ON "corporate"."versions" USING btree ("name_key" text_pattern_ops,"corporate_number");--> statement-breakpoint
CREATE INDEX "versions_name" ON "corporate"."versions" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "versions_en_key" ON "corporate"."versions" USING btree ("en_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "versions_grams" ON "corporate"."versions" USING gin ("grams");