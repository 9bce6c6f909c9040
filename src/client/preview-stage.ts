// Dashboard side: drives one sandboxed preview frame — posts scenes in, shows errors + Retry, replaces a frozen frame.

import type { DeliveredAssets } from "../runtime/extras/index.ts";
import { isFrameToHost, sceneStartFrames, type ErrorMessage, type FrameMessage, type HostToFrame, type PreviewScene } from "./protocol.ts";
import { boundToStage, EventBudget, wellFormed } from "./frame-guard.ts";
import { recordRuntimeEvent } from "./scene-api.ts";

const WATCHDOG_MS = 1000;
/** The frame sends a heartbeat every second; this much silence means its thread is stuck. */
export const FROZEN_AFTER_MS = 5000;
const START_TIMEOUT_MS = 15000;

export interface StageContent {
  scenes: PreviewScene[];
  /** Shown above the player, e.g. "showing the last good build". */
  note: string | null;
  /** What compileMeta.assets listed, fetched by this page: the frame cannot fetch anything. */
  assets: DeliveredAssets;
  /** Assets the server could not provide (unknown icons or fonts). */
  warnings: string[];
  /**
   * Set when there is nothing that could play (the stored TSX does not compile and no older JS exists):
   * shown as the stage's only error, without Retry, and the frame is not asked to try.
   */
  unplayable?: string | null;
}

export interface StageOptions {
  root: HTMLElement;
  mode: "scene" | "project";
  initialFrame: number;
  /** Whether errors and retries are recorded through the runtime-events API (not for unsaved dry runs). */
  recordEvents: boolean;
  /** false: the player shows no controls of its own (another player drives it). */
  controls?: boolean;
  onFrame?: (message: FrameMessage) => void;
  /**
   * Hand the keyboard focus to the player once it is ready, if nothing on the page holds it — so Space
   * plays on a preview page. Never on a page where the operator may be typing (the scene editor).
   */
  takesFocus?: boolean;
}

export class PreviewStage {
  private iframe: HTMLIFrameElement;
  private readonly overlay: HTMLElement | null;
  private content: StageContent | null = null;
  private generation = 0;
  private retryCount = 0;
  private helloReceived = false;
  private loadOnHello = true;
  private lastHeartbeat = 0;
  private createdAt = performance.now();
  private loadStartedAt = 0;
  private errors: ErrorMessage[] = [];
  private pendingSeek: number | null = null;
  private warnings: string[] = [];
  private readonly budget = new EventBudget();

  constructor(private readonly options: StageOptions) {
    const iframe = options.root.querySelector<HTMLIFrameElement>("iframe[data-preview-frame]");
    if (!iframe) throw new Error("preview stage without iframe[data-preview-frame]");
    this.iframe = iframe;
    this.overlay = options.root.querySelector<HTMLElement>("[data-preview-overlay]");
    this.overlay?.querySelector("[data-retry]")?.addEventListener("click", () => this.retry());
    window.addEventListener("message", (event) => this.onMessage(event));
    setInterval(() => this.watchdog(), WATCHDOG_MS);
    document.addEventListener("visibilitychange", () => (this.lastHeartbeat = performance.now()));
    this.setState("loading");
  }

  /** Shows new content in the same frame (first load, or the next scene without navigating). */
  async show(contentPromise: Promise<StageContent>): Promise<void> {
    this.loadStartedAt = performance.now();
    this.setState("loading");
    try {
      this.content = await contentPromise;
    } catch (error) {
      this.showOverlay(`Could not load the scene: ${error instanceof Error ? error.message : String(error)}`, null, false);
      this.setState("error");
      return;
    }
    this.retryCount = 0;
    this.errors = [];
    this.warnings = [];
    this.options.root.querySelector("[data-preview-warnings]")?.replaceChildren();
    delete this.options.root.dataset.warningCount;
    for (const warning of this.content.warnings) this.addWarning(warning);
    this.setText("[data-preview-note]", this.content.note ?? "");
    this.setText("[data-preview-badge]", "");
    this.sizeFrame(this.content.scenes[0]);
    this.hideOverlay();
    this.options.root.toggleAttribute("data-unplayable", !!this.content.unplayable);
    if (this.content.unplayable) {
      // Retrying cannot change a compile error: only a new revision can, and that reloads the stage.
      this.generation += 1;
      this.loadOnHello = false;
      this.showOverlay(this.content.unplayable, null, false);
      this.setState("error");
      return;
    }
    if (this.helloReceived) this.postLoad();
    else this.loadOnHello = true;
  }

  seek(frame: number): void {
    // Until the player is up a seek would be lost in the frame: a load not yet sent starts there, one in
    // flight is sought again once it reports ready.
    if (this.options.root.dataset.state === "loading") {
      this.options.root.dataset.currentFrame = String(frame);
      this.pendingSeek = frame;
    }
    this.post({ type: "seek", frame });
  }

  play(): void {
    this.post({ type: "play" });
  }

  pause(): void {
    this.post({ type: "pause" });
  }

  /** First frame of each scene, for the project scene list. */
  startFrames(): Map<string, number> {
    return sceneStartFrames(this.content?.scenes ?? []);
  }

  /** Remounts the player (or replaces a frozen frame) and records the retry. */
  retry(): void {
    this.retryCount += 1;
    const failed = this.failedSceneIds();
    const message = this.errors[0]?.message;
    for (const sceneId of failed) void this.record(sceneId, { kind: "retry", message, retryCount: this.retryCount });
    this.errors = [];
    this.hideOverlay();
    this.options.root.dataset.retryCount = String(this.retryCount);
    if (this.options.root.dataset.state === "frozen") {
      this.replaceFrame();
      this.loadOnHello = true;
    } else {
      this.postLoad();
    }
  }

  private postLoad(): void {
    if (!this.content) return;
    this.generation += 1;
    this.loadStartedAt = performance.now();
    this.setState("loading");
    const current = this.options.root.dataset.currentFrame;
    this.post({
      type: "load",
      mode: this.options.mode,
      scenes: this.content.scenes,
      // A remount keeps the playhead where the person left it.
      initialFrame: current === undefined ? this.options.initialFrame : Number(current),
      autoPlay: false,
      loop: true,
      generation: this.generation,
      assets: this.content.assets,
      controls: this.options.controls !== false,
    });
  }

  private post(message: HostToFrame): void {
    // The sandboxed frame's origin is opaque ("null"), so it cannot be named as a target origin.
    this.iframe.contentWindow?.postMessage(message, "*");
  }

  private onMessage(event: MessageEvent): void {
    if (event.source !== this.iframe.contentWindow || !isFrameToHost(event.data)) return;
    const scenes = this.content?.scenes ?? [];
    const message = wellFormed(event.data, scenes.reduce((sum, scene) => sum + scene.durationInFrames, 0));
    // Scene code shares the frame: a malformed message, or one naming a scene this stage did not load,
    // is counted on the stage (visible to tests and devtools) and otherwise ignored.
    if (!message || ("sceneId" in message && !boundToStage(message.sceneId, scenes))) {
      this.options.root.dataset.rejectedMessages = String(Number(this.options.root.dataset.rejectedMessages ?? 0) + 1);
      return;
    }
    this.lastHeartbeat = performance.now();
    switch (message.type) {
      case "heartbeat":
        // A frame that booted before this script listened sent its hello to no one; its heartbeat says the same.
        if (this.helloReceived) break;
      // falls through
      case "hello":
        this.helloReceived = true;
        if (this.loadOnHello && this.content && !this.content.unplayable) {
          this.loadOnHello = false;
          this.postLoad();
        }
        break;
      case "ready":
        if (message.generation !== this.generation) break;
        this.options.root.dataset.firstFrameMs ??= String(Math.round(performance.now()));
        this.options.root.dataset.lastLoadMs = String(Math.round(performance.now() - this.loadStartedAt));
        this.options.root.dataset.generation = String(message.generation);
        // Only a compile that worked earns the badge; a failed one is reported by the error alone.
        this.setText("[data-preview-badge]", message.compiledInBrowser.length > 0 && this.errors.length === 0 ? "compiled in browser" : "");
        this.setText("[data-frame-total]", String(message.durationInFrames));
        if (this.errors.length === 0) {
          this.setState("ready");
          // Without scrolling: a person reading further down the page stays where they are.
          if (this.options.takesFocus && (document.activeElement ?? document.body) === document.body) this.iframe.focus({ preventScroll: true });
        }
        if (this.pendingSeek !== null) this.post({ type: "seek", frame: this.pendingSeek });
        this.pendingSeek = null;
        break;
      case "error":
        if (message.generation === this.generation) this.onSceneError(message);
        break;
      case "frame":
        if (message.generation !== this.generation) break;
        this.options.root.dataset.currentFrame = String(message.frame);
        this.options.root.toggleAttribute("data-playing", message.playing);
        this.setText("[data-frame-counter]", String(message.frame));
        this.options.onFrame?.(message);
        break;
      case "warning":
        if (message.generation === this.generation) this.addWarning(message.message);
        break;
    }
  }

  private onSceneError(message: ErrorMessage): void {
    this.errors.push(message);
    this.setText("[data-preview-badge]", "");
    this.setState("error");
    const sceneName = this.content?.scenes.find((s) => s.id === message.sceneId)?.name;
    const prefix = this.options.mode === "project" && sceneName ? `${sceneName}: ` : "";
    this.showOverlay(`${prefix}${message.message}`, message.line, true);
    const sceneId = message.sceneId ?? this.content?.scenes[0]?.id;
    if (sceneId) void this.record(sceneId, { kind: "error", message: message.message, retryCount: this.retryCount });
  }

  /** One line per distinct warning, under the note; the list is made here so every page that embeds a stage gets it. */
  private addWarning(message: string): void {
    if (this.warnings.includes(message)) return;
    this.warnings.push(message);
    let list = this.options.root.querySelector<HTMLElement>("[data-preview-warnings]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "preview-warnings";
      list.dataset.previewWarnings = "";
      this.options.root.prepend(list);
    }
    const item = document.createElement("li");
    item.textContent = message;
    list.append(item);
    this.options.root.dataset.warningCount = String(this.warnings.length);
  }

  private failedSceneIds(): string[] {
    const ids = new Set(this.errors.map((e) => e.sceneId ?? this.content?.scenes[0]?.id).filter((id): id is string => !!id));
    if (ids.size === 0 && this.content?.scenes[0]) ids.add(this.content.scenes[0].id);
    return [...ids];
  }

  private record(sceneId: string, event: Parameters<typeof recordRuntimeEvent>[1]): Promise<boolean> {
    if (!this.options.recordEvents || !this.budget.allow(sceneId, event.kind, event.message, event.retryCount)) return Promise.resolve(false);
    return recordRuntimeEvent(sceneId, event);
  }

  private watchdog(): void {
    if (document.hidden) return;
    const now = performance.now();
    const state = this.options.root.dataset.state;
    if (state === "frozen") return;
    if (!this.helloReceived) {
      if (now - this.createdAt > START_TIMEOUT_MS) this.freeze("The preview frame did not start.");
      return;
    }
    if (now - this.lastHeartbeat > FROZEN_AFTER_MS) {
      this.freeze(`The preview stopped responding (no heartbeat for ${FROZEN_AFTER_MS / 1000} s); the frame was replaced.`);
    }
  }

  private freeze(reason: string): void {
    // A stuck frame cannot be remounted from inside: swap in a fresh one, and wait for Retry rather than re-run the same code.
    this.replaceFrame();
    this.loadOnHello = false;
    this.setState("frozen");
    this.showOverlay(reason, null, true);
    const sceneId = this.content?.scenes[0]?.id;
    if (sceneId) void this.record(sceneId, { kind: "error", message: reason, retryCount: this.retryCount });
  }

  private replaceFrame(): void {
    const fresh = this.iframe.cloneNode(false) as HTMLIFrameElement;
    this.iframe.replaceWith(fresh);
    this.iframe = fresh;
    this.helloReceived = false;
    this.createdAt = performance.now();
    this.lastHeartbeat = performance.now();
  }

  private sizeFrame(scene: PreviewScene | undefined): void {
    if (!scene) return;
    this.iframe.style.aspectRatio = `${scene.width} / ${scene.height}`;
    // preview.css caps the frame's height at the viewport and derives its width from this ratio.
    this.iframe.parentElement?.style.setProperty("--ar", String(scene.width / scene.height));
  }

  private showOverlay(message: string, line: number | null, canRetry: boolean): void {
    if (!this.overlay) return;
    this.setText("[data-overlay-message]", message, this.overlay);
    this.setText("[data-overlay-line]", line === null ? "" : `Scene line ${line}`, this.overlay);
    const retry = this.overlay.querySelector<HTMLButtonElement>("[data-retry]");
    if (retry) retry.hidden = !canRetry;
    this.overlay.hidden = false;
  }

  private hideOverlay(): void {
    if (this.overlay) this.overlay.hidden = true;
  }

  private setState(state: "loading" | "ready" | "error" | "frozen"): void {
    this.options.root.dataset.state = state;
    // A new load or a replaced frame has not started playing; the next frame report says whether it has.
    if (state !== "ready") this.options.root.removeAttribute("data-playing");
  }

  private setText(selector: string, text: string, within: ParentNode = this.options.root): void {
    const element = within.querySelector<HTMLElement>(selector);
    if (element) {
      element.textContent = text;
      element.hidden = text === "";
    }
  }
}
