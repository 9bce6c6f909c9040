CREATE TABLE "backfill_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"options" jsonb NOT NULL,
	"total" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"cursor" jsonb,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"error" jsonb
);
--> statement-breakpoint
CREATE TABLE "compile_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scene_id" uuid,
	"trigger" text NOT NULL,
	"ok" boolean NOT NULL,
	"duration_ms" double precision NOT NULL,
	"input_bytes" integer NOT NULL,
	"output_bytes" integer DEFAULT 0 NOT NULL,
	"tool" text NOT NULL,
	"tool_version" text NOT NULL,
	"target_version" integer NOT NULL,
	"error" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runtime_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scene_id" uuid NOT NULL,
	"context" text NOT NULL,
	"kind" text NOT NULL,
	"message" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"compilation_version" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scene_revisions" (
	"scene_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"name" text NOT NULL,
	"tsx_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scene_revisions_scene_id_revision_pk" PRIMARY KEY("scene_id","revision")
);
--> statement-breakpoint
CREATE TABLE "scenes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"tsx_code" text NOT NULL,
	"js_code" text,
	"js_compiled_at" timestamp (3) with time zone,
	"compilation_version" integer DEFAULT 1 NOT NULL,
	"compile_meta" jsonb,
	"compilation_error" jsonb,
	"js_revision" integer,
	"duration_in_frames" integer DEFAULT 150 NOT NULL,
	"fps" integer DEFAULT 30 NOT NULL,
	"width" integer DEFAULT 1920 NOT NULL,
	"height" integer DEFAULT 1080 NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "backfill_runs_one_active_idx" ON "backfill_runs" USING btree ((true)) WHERE "backfill_runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "backfill_runs_created_idx" ON "backfill_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "compile_events_created_idx" ON "compile_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "compile_events_scene_created_idx" ON "compile_events" USING btree ("scene_id","created_at");--> statement-breakpoint
CREATE INDEX "runtime_events_created_idx" ON "runtime_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "runtime_events_scene_created_idx" ON "runtime_events" USING btree ("scene_id","created_at");--> statement-breakpoint
CREATE INDEX "scenes_project_position_idx" ON "scenes" USING btree ("project_id","position","id");--> statement-breakpoint
CREATE INDEX "scenes_updated_id_idx" ON "scenes" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "scenes_failed_updated_idx" ON "scenes" USING btree ("updated_at","id") WHERE "scenes"."compilation_error" is not null;--> statement-breakpoint
CREATE INDEX "scenes_pending_updated_idx" ON "scenes" USING btree ("updated_at","id") WHERE "scenes"."js_code" is null and "scenes"."compilation_error" is null;--> statement-breakpoint
CREATE INDEX "scenes_version_updated_idx" ON "scenes" USING btree ("compilation_version","updated_at","id");--> statement-breakpoint
CREATE INDEX "scenes_lower_name_idx" ON "scenes" USING btree (lower("name") text_pattern_ops);