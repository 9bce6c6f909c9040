CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "projects_lower_name_idx" ON "projects" USING btree (lower("name"),"id");