// The preview frame runs scene code, so its messages are untrusted: each stage accepts only
// well-formed messages about the scenes it loaded into that frame, and records events within a budget.

import type { FrameToHost, PreviewScene } from "./protocol.ts";

const MAX_MESSAGE_CHARS = 2000;
const isInt = (n: unknown, min = 0): n is number => typeof n === "number" && Number.isInteger(n) && n >= min;
const isOptionalId = (id: unknown) => id === null || typeof id === "string";

/**
 * The message if every field has the type and range the protocol promises, else null. Frame numbers
 * must lie within the loaded content; scene ids are checked separately by boundSceneId.
 */
export function wellFormed(message: FrameToHost, totalFrames: number): FrameToHost | null {
  switch (message.type) {
    case "hello":
    case "heartbeat":
      return message;
    case "ready":
      return isInt(message.generation, 1) && Array.isArray(message.compiledInBrowser) &&
        message.compiledInBrowser.every((id) => typeof id === "string") && isInt(message.durationInFrames, 1) &&
        message.durationInFrames <= totalFrames
        ? message
        : null;
    case "frame":
      return isInt(message.generation, 1) && isInt(message.frame) && message.frame < Math.max(totalFrames, 1) &&
        typeof message.playing === "boolean" && isOptionalId(message.sceneId)
        ? message
        : null;
    case "error":
      return isInt(message.generation, 1) && typeof message.message === "string" && isOptionalId(message.sceneId) &&
        (message.line === null || isInt(message.line, 1)) && (message.column === null || isInt(message.column, 0))
        ? { ...message, message: message.message.slice(0, MAX_MESSAGE_CHARS) }
        : null;
    default:
      return null;
  }
}

/** True when `sceneId` is absent or one of the scenes this stage gave the frame. */
export function boundToStage(sceneId: string | null, scenes: Pick<PreviewScene, "id">[]): boolean {
  return sceneId === null || scenes.some((s) => s.id === sceneId);
}

/**
 * Client-side event budget: at most `perMinute` records per stage, and no identical record (same scene,
 * kind, message and retry count — so each Retry's mount still records its own error) twice a minute.
 */
export class EventBudget {
  private readonly sent = new Map<string, number>();
  private windowStart = 0;
  private count = 0;

  constructor(private readonly perMinute = 10) {}

  /** Whether to send this record now; counts it when yes. */
  allow(sceneId: string, kind: string, message: string | undefined, retryCount = 0): boolean {
    const now = Date.now();
    const key = `${sceneId}\u0001${kind}\u0001${retryCount}\u0001${message ?? ""}`;
    const last = this.sent.get(key);
    if (last !== undefined && now - last < 60_000) return false;
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.count = 0;
    }
    if (this.count >= this.perMinute) return false;
    this.count++;
    this.sent.set(key, now);
    if (this.sent.size > 200) this.sent.delete(this.sent.keys().next().value!);
    return true;
  }
}
