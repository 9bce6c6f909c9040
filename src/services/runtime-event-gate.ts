// Runtime events come from the browser, where scene code (hostile or just broken) runs next door: the
// server bounds what one scene can write — a per-scene rate and no repeats of an identical event.
import { AppError } from "./errors.ts";
import { createRateLimiter } from "./rate-limit.ts";

/** Events one scene may record per minute (a preview records one per mount, retry or freeze). */
export const RUNTIME_EVENTS_PER_SCENE_PER_MINUTE = 30;
/** An identical event (same scene, context, kind, message, retry count) within this window is dropped. */
export const RUNTIME_EVENT_DEDUPE_MS = 10_000;
const MAX_REMEMBERED = 5_000;

export interface RuntimeEventInput {
  context: string;
  kind: string;
  message?: string | null;
  retryCount?: number;
}

const eventKey = (sceneId: string, event: RuntimeEventInput) =>
  JSON.stringify([sceneId, event.context, event.kind, event.message ?? null, event.retryCount ?? 0]);

/** One gate per app (built by createServices), so separate apps in one process do not share counts. */
export function createRuntimeEventGate() {
  const limiter = createRateLimiter({ limit: RUNTIME_EVENTS_PER_SCENE_PER_MINUTE, windowMs: 60_000 });
  const recent = new Map<string, number>();
  return {
    /**
     * Decides whether an event for `sceneId` is stored: false for a duplicate of one stored within the
     * dedupe window; throws 429 (details.retryAfterSeconds) when the scene is over its rate.
     */
    admit(sceneId: string, event: RuntimeEventInput): boolean {
      const seen = recent.get(eventKey(sceneId, event));
      if (seen !== undefined && Date.now() - seen < RUNTIME_EVENT_DEDUPE_MS) return false;
      const wait = limiter.hit(sceneId);
      if (wait > 0) {
        throw new AppError(429, "rate_limited", `Too many runtime events for this scene; retry in ${wait} s.`, {
          retryAfterSeconds: wait,
        });
      }
      return true;
    },
    /** Remembers a stored event, so a repeat within the window is dropped (not before: a failed insert may be retried). */
    remember(sceneId: string, event: RuntimeEventInput): void {
      const key = eventKey(sceneId, event);
      recent.delete(key);
      recent.set(key, Date.now());
      if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
    },
  };
}
