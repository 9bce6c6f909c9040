ALTER TABLE "scenes" ADD COLUMN "search_words" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || coalesce(compilation_error->>'message', ''),
        '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+', ' ', 'g'))) STORED;--> statement-breakpoint
CREATE INDEX "scenes_search_words_idx" ON "scenes" USING gin ("search_words");