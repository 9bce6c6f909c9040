DROP INDEX "scenes_lower_name_idx";--> statement-breakpoint
CREATE INDEX "scenes_name_id_idx" ON "scenes" USING btree ("name","id");