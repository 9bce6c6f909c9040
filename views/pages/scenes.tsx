// Scenes page (/scenes): search-as-you-type, filters and sort in the URL, the table, bulk recompile.
import { ProjectPicker, type ProjectOption } from "../projects/picker.tsx";
import { projectLabel } from "../projects/scene-project.tsx";
import { FilterStateInputs, SceneTable } from "../fragments/scene-table.tsx";
import { Layout, PageHeader } from "../layout.tsx";

type TableProps = Parameters<typeof SceneTable>[0];

/** The toast after a dashboard delete: the scene goes when the window ends unless Undo is pressed. */
function UndoToast({ undo }: { undo: PendingDelete }) {
  const seconds = Math.max(1, Math.round((undo.deleteAt - Date.now()) / 1000));
  return (
    <div class="notice notice-warn toast" role="status" data-undo-until={String(undo.deleteAt)}>
      <span>Scene <strong>{undo.name}</strong> will be deleted in {seconds} s.</span>
      <form class="inline-form" method="post" action={`/scenes/${undo.id}/undo-delete`}>
        <button type="submit" class="btn btn-small">Undo</button>
      </form>
    </div>
  );
}

interface PendingDelete {
  id: string;
  name: string;
  deleteAt: number;
}

export function ScenesPage(props: TableProps & {
  nonce: string;
  projectName: string | null;
  projectOptions: ProjectOption[];
  undo?: PendingDelete | null;
}) {
  const { state } = props;
  const scope = state.project
    ? `Project ${projectLabel(state.project, props.projectName)}, in play order unless sorted otherwise.`
    : "Every stored scene, newest first.";
  const subtitle = `${scope} Search, filters and sort live in the URL — share it. Press / to search, j / k to move, Enter to open.`;
  return (
    <Layout title="Scenes" nonce={props.nonce} active="scenes">
      <PageHeader title="Scenes" subtitle={subtitle}>
        <button type="button" class="btn" hx-get="/scenes/bulk-recompile" hx-include="#scene-filters"
                hx-target="#bulk-panel" hx-swap="innerHTML">
          Recompile all matching…
        </button>
      </PageHeader>
      <form id="scene-filters" class="filters" action="/scenes" method="get"
            hx-get="/scenes" hx-target="#scene-results" hx-swap="outerHTML" hx-push-url="true"
            hx-trigger="change, submit" hx-params="not projectSearch">
        <input type="search" name="q" value={state.q} placeholder="Search name, id or error text…"
               aria-label="Search scenes" autocomplete="off" class="search" id="scene-search"
               hx-get="/scenes" hx-trigger="input changed delay:250ms, search" hx-target="#scene-results"
               hx-swap="outerHTML" hx-push-url="true" hx-include="#scene-filters" hx-sync="this:replace" />
        <label>
          Version
          <select name="version">
            <option value="" selected={!state.version}>any</option>
            <option value="1" selected={state.version === "1"}>v1</option>
            <option value="2" selected={state.version === "2"}>v2</option>
          </select>
        </label>
        <ProjectPicker selected={state.project} selectedName={props.projectName} options={props.projectOptions} />
        <FilterStateInputs state={state} />
        <noscript><button type="submit" class="btn">Apply</button></noscript>
      </form>
      {props.undo ? <UndoToast undo={props.undo} /> : null}
      <div id="bulk-panel"></div>
      <SceneTable {...props} />
    </Layout>
  );
}

/** What an htmx request for /scenes gets: the table plus the hidden filter state, out of band. */
export function SceneResults(props: TableProps) {
  return (
    <>
      <SceneTable {...props} />
      <FilterStateInputs state={props.state} oob />
    </>
  );
}
