// The scene page's project block: the scene's project (name or id), its place in play order, neighbours.
import type { ScenePlace } from "../../src/db/queries.ts";
import { shortId } from "../components/format.ts";

/** A project as an operator reads it: its name, else its short id. */
export const projectLabel = (id: string, name: string | null) => name ?? shortId(id);

export function SceneProjectBlock({ place }: { place: ScenePlace | null }) {
  if (!place) return <p class="muted scene-project" data-scene-project="none">Not part of a project.</p>;
  const projectUrl = `/scenes?project=${place.projectId}`;
  return (
    <nav class="scene-project card" aria-label="Project" data-scene-project={place.projectId}>
      <span>
        Project <a href={projectUrl} title={place.projectId}><strong>{projectLabel(place.projectId, place.projectName)}</strong></a>
        {" · "}scene <span data-scene-position>{place.index} of {place.total}</span>
      </span>
      <span class="scene-project-steps">
        {place.previous
          ? <a href={`/scenes/${place.previous.id}`} rel="prev" class="btn btn-ghost">« {place.previous.name}</a>
          : <span class="muted">first scene</span>}
        {place.next
          ? <a href={`/scenes/${place.next.id}`} rel="next" class="btn btn-ghost">{place.next.name} »</a>
          : <span class="muted">last scene</span>}
        <a href={`/projects/${place.projectId}/preview`} class="btn">Play project</a>
      </span>
    </nav>
  );
}
