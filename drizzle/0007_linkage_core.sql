CREATE SCHEMA "linkage";
--> statement-breakpoint
CREATE TABLE "linkage"."records" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"processing_number" text NOT NULL,
	"subject" char(24),
	"subject_seq" integer,
	"requester" char(16) NOT NULL,
	"provider" char(16) NOT NULL,
	"procedure" char(16) NOT NULL,
	"item" char(16) NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"provided_at" timestamp (3) with time zone,
	"outcome" text NOT NULL,
	"refusal" text,
	"leaf_hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage"."results" (
	"processing_number" text PRIMARY KEY NOT NULL,
	"requester" char(16) NOT NULL,
	"provider" char(16) NOT NULL,
	"outcome" text NOT NULL,
	"refusal" text,
	"payload" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage"."institutions" (
	"code" char(16) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"local_government_code" char(6),
	"status" text NOT NULL,
	"signing_key" jsonb NOT NULL,
	"agreement_key" jsonb NOT NULL,
	"endpoint" text,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage"."permission_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"rows" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage"."tls_certificates" (
	"serial" text PRIMARY KEY NOT NULL,
	"institution" char(16) NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "linkage"."tree_heads" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root" char(64) NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "records_subject_seq" ON "linkage"."records" USING btree ("subject","subject_seq");