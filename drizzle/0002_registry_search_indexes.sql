DROP INDEX "registry"."residents_kana_key";--> statement-breakpoint
DROP INDEX "registry"."residents_kanji_key";--> statement-breakpoint
CREATE INDEX "residents_municipality_kana" ON "registry"."residents" USING btree ("municipality_code","kana_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "residents_municipality_kanji" ON "registry"."residents" USING btree ("municipality_code","kanji_key" text_pattern_ops);