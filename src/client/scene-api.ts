// Dashboard side: reads scenes from the JSON API with the session cookie and records preview runtime events.

import type { SceneAssets } from "../compiler/types.ts";
import type { DeliveredAssets } from "../runtime/extras/index.ts";
import { deliverAssets, type WireAssets } from "./scene-modules.ts";
import type { PreviewScene } from "./protocol.ts";

/** The subset of the API's scene JSON the preview needs. */
export interface ApiScene {
  id: string;
  name: string;
  projectId: string | null;
  tsx: string;
  js: string | null;
  compilationVersion: number;
  compilationError: { message: string; line: number | null } | null;
  jsRevision: number | null;
  revision: number;
  compileMeta: { assets?: SceneAssets } | null;
  durationInFrames: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
}

/** What `GET /api/scenes/:id/preview-js?version=N` answers: a compile that was not stored. */
export interface DryRunArtifact {
  ok: boolean;
  js: string | null;
  compilationVersion: number;
  meta: { assets?: SceneAssets } | null;
  error: { message: string; line: number | null; column: number | null } | null;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    // Only the message is shown (on the stage overlay); nothing branches on the status.
    throw new Error(body?.error?.message ?? `${url} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export async function fetchScene(id: string): Promise<ApiScene> {
  return (await getJson<{ scene: ApiScene }>(`/api/scenes/${encodeURIComponent(id)}`)).scene;
}

export async function fetchDryRun(id: string, version: number): Promise<DryRunArtifact> {
  return getJson<DryRunArtifact>(`/api/scenes/${encodeURIComponent(id)}/preview-js?version=${version}`);
}

/** Every icon and font any of the scenes lists (a project preview loads them all once). */
export function mergeAssets(lists: (SceneAssets | undefined)[]): SceneAssets {
  const icons = new Set<string>();
  const fonts = new Map<string, number[] | null>();
  const extras = new Map<string, Set<string>>();
  for (const assets of lists) {
    for (const [name, names] of Object.entries(assets?.extras ?? {})) {
      if (!extras.has(name)) extras.set(name, new Set());
      for (const asset of names) extras.get(name)!.add(asset);
    }
    for (const icon of assets?.icons ?? []) icons.add(icon);
    for (const font of assets?.fonts ?? []) {
      const seen = fonts.get(font.family);
      const all = seen === null || font.weights === null;
      fonts.set(font.family, all ? null : [...new Set([...(seen ?? []), ...font.weights!])].sort((a, b) => a - b));
    }
  }
  const merged: SceneAssets = { icons: [...icons].sort(), fonts: [...fonts].map(([family, weights]) => ({ family, weights })) };
  if (extras.size > 0) merged.extras = Object.fromEntries([...extras].map(([name, set]) => [name, [...set].sort()]));
  return merged;
}

/** Fetches exactly the listed icons and fonts from our server; the sandboxed frame gets them by postMessage. */
export async function fetchAssets(assets: SceneAssets): Promise<{ delivered: DeliveredAssets; warnings: string[] }> {
  if (assets.icons.length === 0 && assets.fonts.length === 0 && !assets.extras) return { delivered: { icons: {}, fonts: [] }, warnings: [] };
  const query = new URLSearchParams();
  for (const icon of assets.icons) query.append("icon", icon);
  for (const [name, names] of Object.entries(assets.extras ?? {})) for (const asset of names) query.append("extra", `${name}:${asset}`);
  for (const font of assets.fonts) query.append("font", font.weights ? `${font.family}:${font.weights.join(",")}` : font.family);
  const resolved = await getJson<WireAssets>(`/api/extras/assets?${query}`);
  return { delivered: deliverAssets(resolved), warnings: resolved.warnings };
}

/** The frame gets the stored JS; the TSX only travels when there is no JS (legacy row → browser compile). */
export function toPreviewScene(scene: ApiScene, artifact?: { js: string | null; compilationVersion: number }): PreviewScene {
  const js = artifact ? artifact.js : scene.js;
  return {
    id: scene.id,
    name: scene.name,
    js,
    tsx: js === null ? scene.tsx : null,
    compilationVersion: artifact ? artifact.compilationVersion : scene.compilationVersion,
    durationInFrames: scene.durationInFrames ?? 150,
    fps: scene.fps ?? 30,
    width: scene.width ?? 1920,
    height: scene.height ?? 1080,
  };
}

export interface RuntimeEvent {
  kind: "ok" | "error" | "retry";
  message?: string;
  retryCount: number;
}

/** Best effort: a failed report must never break the preview itself. */
export async function recordRuntimeEvent(sceneId: string, event: RuntimeEvent): Promise<boolean> {
  try {
    const response = await fetch(`/api/scenes/${encodeURIComponent(sceneId)}/runtime-events`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ context: "preview", ...event, message: event.message?.slice(0, 2000) }),
    });
    return response.ok;
  } catch {
    return false;
  }
}
