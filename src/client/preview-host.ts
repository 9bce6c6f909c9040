// Dashboard-side entry of the preview pages: wires each sandboxed stage to the API, scene list, seeking and next-scene links.

import { NO_ASSETS } from "../runtime/extras/types.ts";
import { PreviewStage, type StageContent } from "./preview-stage.ts";
import type { FrameMessage } from "./protocol.ts";
import { fetchAssets, fetchDryRun, fetchScene, mergeAssets, toPreviewScene, type ApiScene } from "./scene-api.ts";

type PageMode = "scene" | "project" | "compare";

function staleBuildNote(scene: ApiScene): string | null {
  const error = scene.compilationError;
  if (!error) return null;
  const where = error.line ? ` (line ${error.line})` : "";
  if (scene.js === null) return `This scene does not compile: ${error.message}${where}`;
  return `Showing the last good build (revision ${scene.jsRevision}); revision ${scene.revision} does not compile: ${error.message}${where}`;
}

async function storedContent(ids: string[], fetched?: ApiScene[]): Promise<StageContent> {
  const scenes = fetched ?? (await Promise.all(ids.map(fetchScene)));
  const notes = scenes.map((s) => (s.compilationError ? `${s.name}: ${staleBuildNote(s)}` : null)).filter(Boolean);
  // A single scene whose TSX fails and that has no older JS cannot play at all: one error, nothing loaded.
  const unplayable = ids.length === 1 && scenes[0].js === null && scenes[0].compilationError ? staleBuildNote(scenes[0]) : null;
  if (unplayable) return { scenes: scenes.map((s) => toPreviewScene(s)), note: null, assets: NO_ASSETS, warnings: [], unplayable };
  const { delivered, warnings } = await fetchAssets(mergeAssets(scenes.map((s) => s.compileMeta?.assets)));
  return {
    scenes: scenes.map((s) => toPreviewScene(s)),
    note: ids.length === 1 ? staleBuildNote(scenes[0]) : notes.join("\n") || null,
    assets: delivered,
    warnings,
  };
}

/** The same scene compiled on request as another version, never stored (side-by-side mode). */
async function dryRunContent(id: string, version: number): Promise<StageContent> {
  const [scene, artifact] = await Promise.all([fetchScene(id), fetchDryRun(id, version)]);
  if (!artifact.ok || artifact.js === null) {
    const where = artifact.error?.line ? ` (line ${artifact.error.line})` : "";
    throw new Error(`does not compile as version ${version}: ${artifact.error?.message ?? "unknown error"}${where}`);
  }
  const { delivered, warnings } = await fetchAssets(mergeAssets([artifact.meta?.assets]));
  return {
    scenes: [toPreviewScene(scene, artifact)],
    // The column heading already says so; a note here would push this player below its neighbour.
    note: null,
    assets: delivered,
    warnings,
  };
}

function listAttr(element: HTMLElement, name: string): string[] {
  return (element.getAttribute(name) ?? "").split(",").filter(Boolean);
}

function initialFrame(): number {
  const frame = Number(new URLSearchParams(location.search).get("frame"));
  return Number.isFinite(frame) && frame > 0 ? Math.floor(frame) : 0;
}

/** Project mode: the scene list jumps to a scene and follows the playhead. */
function wireSceneList(page: HTMLElement, stage: PreviewStage, loaded: Promise<unknown>): (sceneId: string | null) => void {
  const links = [...page.querySelectorAll<HTMLAnchorElement>("[data-jump-scene]")];
  for (const link of links) {
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      // A click before the scenes arrived jumps once they have (the stage keeps the frame for its first load).
      void loaded.then(() => {
        const start = stage.startFrames().get(link.dataset.jumpScene!);
        if (start !== undefined) stage.seek(start);
      });
    });
  }
  return (sceneId) => {
    for (const link of links) {
      if (link.dataset.jumpScene === sceneId) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  };
}

/** Scene mode: previous/next links load the neighbour into the same frame instead of navigating. */
function wireNeighbourLinks(page: HTMLElement, open: (id: string) => void): void {
  for (const link of page.querySelectorAll<HTMLAnchorElement>("[data-open-scene]")) {
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      open(link.dataset.openScene!);
    });
  }
  window.addEventListener("popstate", () => location.reload());
}

function updateNeighbourLinks(page: HTMLElement, currentId: string): void {
  const order = listAttr(page, "data-scene-order");
  const index = order.indexOf(currentId);
  for (const link of page.querySelectorAll<HTMLAnchorElement>("[data-open-scene]")) {
    const target = order[index + (link.dataset.direction === "prev" ? -1 : 1)];
    link.hidden = index === -1 || target === undefined;
    if (target) {
      link.dataset.openScene = target;
      link.href = `/scenes/${encodeURIComponent(target)}/preview`;
    }
  }
}

/** Rewrites every element of the page that names the current scene (headings, links, the tab title). */
function showSceneOnPage(page: HTMLElement, scene: ApiScene): void {
  const fields: Record<string, string> = {
    id: scene.id,
    name: scene.name,
    projectId: scene.projectId ?? "",
    otherVersion: String(scene.compilationVersion === 2 ? 1 : 2),
  };
  const scope = page.closest(".preview-page") ?? document;
  for (const element of scope.querySelectorAll<HTMLElement>("[data-scene-text]")) {
    element.textContent = fields[element.dataset.sceneText!] ?? "";
  }
  for (const link of scope.querySelectorAll<HTMLAnchorElement>("a[data-scene-href]")) {
    const template = link.dataset.sceneHref!;
    const missing = [...template.matchAll(/\{(\w+)\}/g)].some(([, key]) => !fields[key]);
    link.hidden = missing;
    if (!missing) link.href = template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(fields[key]!));
  }
  document.title = `Preview: ${scene.name} · Clapper`;
}

/** How often, at most, the address bar is rewritten while the playhead moves (browsers throttle replaceState too). */
const URL_FRAME_EVERY_MS = 250;

/** Keeps `?frame=N` in the address bar on the playhead, so the URL can be copied to share a moment. */
function followFrameInUrl(): (frame: number) => void {
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const url = new URL(location.href);
    if (latest > 0) url.searchParams.set("frame", String(latest));
    else url.searchParams.delete("frame");
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  };
  return (frame) => {
    latest = frame;
    timer ??= setTimeout(write, URL_FRAME_EVERY_MS);
  };
}

/**
 * Compare mode: the first player's controls drive the second (which has none). Play/pause follow at
 * once; while paused the second seeks to the same frame; while playing it is pulled back when it drifts.
 */
function syncFollower(follower: PreviewStage, followerRoot: HTMLElement): (message: FrameMessage) => void {
  let playing = false;
  const MAX_DRIFT = 2;
  return (message) => {
    if (message.playing !== playing) {
      playing = message.playing;
      if (playing) follower.play();
      else follower.pause();
    }
    const at = Number(followerRoot.dataset.currentFrame ?? -1);
    if (!playing || Math.abs(at - message.frame) > MAX_DRIFT) follower.seek(message.frame);
  };
}

const allStages: PreviewStage[] = [];

function initPreview(page: HTMLElement): void {
  page.dataset.previewStarted = "true";
  const mode = (page.dataset.mode ?? "scene") as PageMode;
  const ids = listAttr(page, "data-scene-ids");
  const stages: PreviewStage[] = [];
  const embedded = page.dataset.follows === "scene-body";
  let highlight: (sceneId: string | null) => void = () => {};
  let follow: (message: FrameMessage) => void = () => {};
  const frameInUrl = embedded ? () => {} : followFrameInUrl();
  const roots = [...page.querySelectorAll<HTMLElement>("[data-preview-stage]")];
  const loads: Promise<unknown>[] = [];

  roots.forEach((root, index) => {
    const dryRunVersion = Number(root.dataset.dryRunVersion ?? 0);
    const leads = index === 0;
    const stage = new PreviewStage({
      root,
      mode: mode === "project" ? "project" : "scene",
      initialFrame: initialFrame(),
      recordEvents: dryRunVersion === 0,
      controls: mode !== "compare" || leads,
      takesFocus: leads && !embedded,
      onFrame: (message) => {
        if (!leads) return;
        highlight(message.sceneId);
        frameInUrl(message.frame);
        follow(message);
      },
    });
    stages.push(stage);
    const content = dryRunVersion > 0 ? dryRunContent(ids[0], dryRunVersion) : storedContent(ids);
    loads.push(content.catch(() => null));
    void stage.show(content);
  });
  allStages.push(...stages);

  const [main, second] = stages;
  if (mode === "compare" && second) follow = syncFollower(second, roots[1]!);
  if (mode === "project" && main) highlight = wireSceneList(page, main, loads[0]!);
  if (mode === "scene" && main) {
    const open = async (id: string) => {
      history.pushState({ id }, "", `/scenes/${encodeURIComponent(id)}/preview`);
      page.setAttribute("data-scene-ids", id);
      updateNeighbourLinks(page, id);
      const scene = fetchScene(id);
      void main.show(scene.then((s) => storedContent([id], [s])));
      showSceneOnPage(page, await scene);
    };
    wireNeighbourLinks(page, (id) => void open(id));
    updateNeighbourLinks(page, ids[0]);
    if (embedded) followSceneBody(page, main);
  }
}

/**
 * On a scene's page an edit or recompile swaps in a new scene body (htmx); its data-preview-key changes
 * with every new revision or artifact, and the preview then loads what is stored now.
 */
function followSceneBody(page: HTMLElement, stage: PreviewStage): void {
  const keyNow = () => document.getElementById("scene-body")?.dataset.previewKey ?? "";
  let shown = keyNow();
  document.addEventListener("htmx:afterSettle", () => {
    const key = keyNow();
    if (key === "" || key === shown) return;
    shown = key;
    page.dataset.reloads = String(Number(page.dataset.reloads ?? 0) + 1);
    void stage.show(storedContent(listAttr(page, "data-scene-ids")));
  });
}

function initWithin(scope: ParentNode): void {
  const pages = [...scope.querySelectorAll<HTMLElement>("[data-preview]:not([data-preview-started])")];
  if (scope instanceof HTMLElement && scope.matches("[data-preview]:not([data-preview-started])")) pages.push(scope);
  pages.forEach(initPreview);
}

initWithin(document);
// The scene detail page may arrive through an htmx swap; a module script runs only once per page.
document.addEventListener("htmx:load", (event) => initWithin(event.target as ParentNode));

// A small handle for people debugging in devtools and for the browser tests.
(window as unknown as { clapperPreview: unknown }).clapperPreview = {
  seek: (frame: number) => allStages.forEach((s) => s.seek(frame)),
  play: () => allStages.forEach((s) => s.play()),
  pause: () => allStages.forEach((s) => s.pause()),
  retry: () => allStages.forEach((s) => s.retry()),
};
