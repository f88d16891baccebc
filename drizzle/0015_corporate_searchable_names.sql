DROP INDEX "corporate"."versions_current_name_key";--> statement-breakpoint
DROP INDEX "corporate"."versions_current_place";--> statement-breakpoint
CREATE INDEX "versions_searchable_name_key" ON "corporate"."versions" USING btree ("name_key" text_pattern_ops,"corporate_number","id","close_date") WHERE latest and hihyoji = '0' and process <> '99';--> statement-breakpoint
CREATE INDEX "versions_searchable_place" ON "corporate"."versions" USING btree ("prefecture_code","city_code","name_key","corporate_number","id","close_date") WHERE latest and hihyoji = '0' and process <> '99';