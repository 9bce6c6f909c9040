CREATE TABLE "export_chunks" (
	"export_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"frame_from" integer NOT NULL,
	"frame_to" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"frames_done" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"worker_id" text,
	"lease_expires_at" timestamp (3) with time zone,
	"error" jsonb,
	"file_path" text,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "export_chunks_export_id_index_pk" PRIMARY KEY("export_id","index")
);
--> statement-breakpoint
CREATE TABLE "exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"scene_id" uuid,
	"project_id" uuid,
	"format" text NOT NULL,
	"options" jsonb NOT NULL,
	"status" text NOT NULL,
	"frames_done" integer DEFAULT 0 NOT NULL,
	"frames_total" integer NOT NULL,
	"error" jsonb,
	"scene_hashes" jsonb NOT NULL,
	"file_path" text,
	"bytes" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"worker_id" text,
	"queued_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "export_chunks" ADD CONSTRAINT "export_chunks_export_id_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_chunks_claim_idx" ON "export_chunks" USING btree ("status","lease_expires_at");--> statement-breakpoint
CREATE INDEX "exports_created_idx" ON "exports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "exports_scene_idx" ON "exports" USING btree ("scene_id","created_at");--> statement-breakpoint
CREATE INDEX "exports_project_idx" ON "exports" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "exports_active_idx" ON "exports" USING btree ("queued_at") WHERE "exports"."status" in ('queued', 'rendering', 'encoding');