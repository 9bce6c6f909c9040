// Dashboard-side entry of the preview pages: wires each sandboxed stage to the API, scene list, seeking and next-scene links.

import { PreviewStage, type StageContent } from "./preview-stage.ts";
import { fetchAssets, fetchDryRun, fetchScene, mergeAssets, toPreviewScene, type ApiScene } from "./scene-api.ts";

type PageMode = "scene" | "project" | "compare";

function staleBuildNote(scene: ApiScene): string | null {
  const error = scene.compilationError;
  if (!error) return null;
  const where = error.line ? ` (line ${error.line})` : "";
  if (scene.js === null) return `This scene does not compile: ${error.message}${where}`;
  return `Showing the last good build (revision ${scene.jsRevision}); revision ${scene.revision} does not compile: ${error.message}${where}`;
}

async function storedContent(ids: string[]): Promise<StageContent> {
  const scenes = await Promise.all(ids.map(fetchScene));
  const notes = scenes.map((s) => (s.compilationError ? `${s.name}: ${staleBuildNote(s)}` : null)).filter(Boolean);
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
    note: `Compiled as version ${version} just now, not stored`,
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
function wireSceneList(page: HTMLElement, stage: PreviewStage): (sceneId: string | null) => void {
  const links = [...page.querySelectorAll<HTMLAnchorElement>("[data-jump-scene]")];
  for (const link of links) {
    link.addEventListener("click", (event) => {
      const start = stage.startFrames().get(link.dataset.jumpScene!);
      if (start === undefined) return;
      event.preventDefault();
      stage.seek(start);
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

const allStages: PreviewStage[] = [];

function initPreview(page: HTMLElement): void {
  page.dataset.previewStarted = "true";
  const mode = (page.dataset.mode ?? "scene") as PageMode;
  const ids = listAttr(page, "data-scene-ids");
  const stages: PreviewStage[] = [];
  let highlight: (sceneId: string | null) => void = () => {};

  for (const root of page.querySelectorAll<HTMLElement>("[data-preview-stage]")) {
    const dryRunVersion = Number(root.dataset.dryRunVersion ?? 0);
    const stage = new PreviewStage({
      root,
      mode: mode === "project" ? "project" : "scene",
      initialFrame: initialFrame(),
      recordEvents: dryRunVersion === 0,
      onFrame: (message) => highlight(message.sceneId),
    });
    stages.push(stage);
    void stage.show(dryRunVersion > 0 ? dryRunContent(ids[0], dryRunVersion) : storedContent(ids));
  }
  allStages.push(...stages);

  const [main] = stages;
  if (mode === "project" && main) highlight = wireSceneList(page, main);
  if (mode === "scene" && main) {
    const open = (id: string) => {
      history.pushState({ id }, "", `/scenes/${encodeURIComponent(id)}/preview`);
      page.setAttribute("data-scene-ids", id);
      updateNeighbourLinks(page, id);
      void main.show(storedContent([id]));
    };
    wireNeighbourLinks(page, open);
    updateNeighbourLinks(page, ids[0]);
  }
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
  retry: () => allStages.forEach((s) => s.retry()),
};
