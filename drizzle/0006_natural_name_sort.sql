DROP INDEX "scenes_name_id_idx";--> statement-breakpoint
ALTER TABLE "scenes" ADD COLUMN "name_key" text GENERATED ALWAYS AS (left(regexp_replace(regexp_replace(lower(name), '(\d+)', '00000000000000000000\1', 'g'),
        '0*(\d{20})', '\1', 'g'), 512)) STORED;--> statement-breakpoint
CREATE INDEX "scenes_name_key_id_idx" ON "scenes" USING btree ("name_key","id");