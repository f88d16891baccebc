CREATE SCHEMA "pki";
--> statement-breakpoint
CREATE TABLE "pki"."certificates" (
	"serial_number" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"holder" text,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"reason" text,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pki"."crl_numbers" (
	"kind" text PRIMARY KEY NOT NULL,
	"number" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "certificates_revoked" ON "pki"."certificates" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "certificates_holder" ON "pki"."certificates" USING btree ("holder");