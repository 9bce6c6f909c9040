// The scenes list's project picker: a search field that refills the project <select> as the operator types.
import { fmtInt } from "../components/format.ts";
import { projectLabel } from "./scene-project.tsx";

export interface ProjectOption {
  id: string;
  name: string | null;
  scenes: number;
}

/**
 * The <option>s of the project select: "any", the selected project (kept even when the search no
 * longer matches it, so swapping options never changes the filter) and the matches.
 */
export function ProjectOptions(props: { options: ProjectOption[]; selected: string; selectedName: string | null }) {
  const { options, selected } = props;
  const showSelected = selected && !options.some((o) => o.id === selected);
  return (
    <>
      <option value="" selected={!selected}>any</option>
      {showSelected ? <option value={selected} selected>{projectLabel(selected, props.selectedName)}</option> : null}
      {options.map((o) => (
        <option value={o.id} selected={o.id === selected}>{`${projectLabel(o.id, o.name)} (${fmtInt(o.scenes)})`}</option>
      ))}
    </>
  );
}

/**
 * The picker: a search field (not a filter field: the form leaves `projectSearch` out of its requests)
 * whose input asks /projects/options for matching projects, and the select the list filters on.
 */
export function ProjectPicker(props: { selected: string; selectedName: string | null; options: ProjectOption[] }) {
  return (
    <span class="project-picker">
      <label>
        Project
        <input type="search" name="projectSearch" placeholder="find a project…" aria-label="Find a project" autocomplete="off"
               class="project-search" hx-get="/projects/options" hx-trigger="input changed delay:250ms, search"
               hx-target="#project-select" hx-swap="innerHTML" hx-params="projectSearch,project" hx-include="#project-select"
               hx-sync="this:replace" hx-push-url="false" />
      </label>
      <select name="project" id="project-select" aria-label="Project">
        <ProjectOptions {...props} />
      </select>
    </span>
  );
}
