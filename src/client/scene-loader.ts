// Inside the preview frame: turns each scene the host sent into a component, compiling legacy rows in the browser.

import type { ComponentType } from "react";
import { ArtifactError, loadSceneComponent, type SceneModules } from "../runtime/artifact.ts";
import type { PreviewScene } from "./protocol.ts";

export interface LoadedScene {
  scene: PreviewScene;
  /** Null when the scene could not be turned into a component; `error` says why. */
  Component: ComponentType<Record<string, unknown>> | null;
  error: ArtifactError | null;
  /** The row had no stored JS: this preview compiled its TSX with the fallback compiler chunk. */
  compiledInBrowser: boolean;
  /** Names the scene in stack traces so render errors can point at its line. */
  sourceName: string;
}

export function sceneSourceName(scene: Pick<PreviewScene, "id">): string {
  return `clapper-scene-${scene.id.replace(/[^\w-]/g, "")}.js`;
}

export async function loadScenes(scenes: PreviewScene[], modules: SceneModules): Promise<LoadedScene[]> {
  return Promise.all(scenes.map((scene) => loadScene(scene, modules)));
}

async function loadScene(scene: PreviewScene, modules: SceneModules): Promise<LoadedScene> {
  const sourceName = sceneSourceName(scene);
  const compiledInBrowser = scene.js === null;
  try {
    const js = scene.js ?? (await compileInBrowser(scene));
    const Component = loadSceneComponent(js, scene.compilationVersion, modules, { sourceName });
    return { scene, Component: Component as ComponentType<Record<string, unknown>>, error: null, compiledInBrowser, sourceName };
  } catch (error) {
    const artifactError = error instanceof ArtifactError ? error : new ArtifactError("evaluate", String(error));
    return { scene, Component: null, error: artifactError, compiledInBrowser, sourceName };
  }
}

/** Legacy rows (js_code NULL): compile the TSX here with the same compiler module the server uses. */
async function compileInBrowser(scene: PreviewScene): Promise<string> {
  if (scene.tsx === null) throw new ArtifactError("evaluate", "Scene has neither compiled JS nor TSX to compile");
  const version = scene.compilationVersion === 2 ? 2 : 1;
  // A separate chunk: sucrase is only downloaded when a legacy row is previewed.
  const { compileScene } = await import("../compiler/index.ts");
  const result = compileScene(scene.tsx, { version, trigger: "preview" });
  if (!result.ok) {
    const { message, line, column } = result.error;
    throw new ArtifactError("syntax", `Compile failed in browser: ${message}`, line === null ? null : { line, column: column ?? 1 });
  }
  return result.js;
}
