// /projects: every project with its scene count, duration in seconds, statuses and last change.
import type { ProjectJson } from "../../src/services/projects.ts";
import { DASHBOARD_STATUSES } from "../../src/db/status.ts";
import { fmtInt, shortId } from "../components/format.ts";
import { STATUS_LABELS } from "../components/status.tsx";
import { RelTime } from "../components/time.tsx";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";

interface TableProps {
  q: string;
  projects: ProjectJson[];
  nextCursor: string | null;
  paged: boolean;
}

const seconds = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A /projects URL (empty values dropped). */
function projectsUrl(q: string, cursor?: string): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (cursor) params.set("cursor", cursor);
  const qs = params.toString();
  return qs ? `/projects?${qs}` : "/projects";
}

function HxLink(props: { href: string; class?: string; children?: unknown }) {
  return (
    <a href={props.href} hx-get={props.href} hx-target="#project-results" hx-swap="outerHTML" hx-push-url="true" class={props.class}>
      {props.children}
    </a>
  );
}

/** Non-zero status counts as small badges, in the dashboard's tab order. */
function StatusCounts({ counts }: { counts: ProjectJson["statusCounts"] }) {
  return (
    <span class="status-counts">
      {DASHBOARD_STATUSES.filter((s) => counts[s] > 0).map((s) => (
        <span class={`badge badge-${s}`} data-status-count={s}>{`${fmtInt(counts[s])} ${STATUS_LABELS[s]}`}</span>
      ))}
    </span>
  );
}

function ProjectRow({ project }: { project: ProjectJson }) {
  return (
    <tr data-project-id={project.id}>
      <td class="name-cell">
        <a href={`/scenes?project=${project.id}`} class="project-link">{project.name ?? shortId(project.id)}</a>
        <div class="sub mono" title={project.id}>{project.name ? shortId(project.id) : project.id}</div>
      </td>
      <td class="num" data-scenes={String(project.scenes)}>{fmtInt(project.scenes)}</td>
      <td class="num" data-seconds={String(project.durationSeconds)}>{`${seconds.format(project.durationSeconds)} s`}</td>
      <td><StatusCounts counts={project.statusCounts} /></td>
      <td><RelTime date={new Date(project.lastChange)} /></td>
      <td class="row-actions">
        <a href={`/projects/${project.id}/preview`} class="btn btn-ghost">Preview</a>
        {/* Export lives on the project preview until the export form has its own control here. */}
        <a href={`/projects/${project.id}/preview`} class="btn btn-ghost" data-slot="export">Export…</a>
      </td>
    </tr>
  );
}

/** The part of /projects that search and paging swap. */
export function ProjectsTable(props: TableProps) {
  return (
    <div id="project-results">
      {props.projects.length === 0 ? (
        <EmptyState title={props.q ? "No project matches." : "No projects yet."}>
          {props.q ? <HxLink href="/projects">Clear the search</HxLink> : "Scenes written with a projectId appear here as projects."}
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table projects">
            <thead>
              <tr>
                <th>Project</th><th class="num">Scenes</th><th class="num">Duration</th><th>Status</th><th>Last change</th><th>Actions</th>
              </tr>
            </thead>
            <tbody>{props.projects.map((project) => <ProjectRow project={project} />)}</tbody>
          </table>
        </div>
      )}
      <div class="pager">
        {props.paged ? <HxLink href={projectsUrl(props.q)} class="btn btn-ghost">« First page</HxLink> : <span />}
        {props.nextCursor ? <HxLink href={projectsUrl(props.q, props.nextCursor)} class="btn">Next page »</HxLink> : null}
      </div>
    </div>
  );
}

export function ProjectsPage(props: TableProps & { nonce: string }) {
  return (
    <Layout title="Projects" nonce={props.nonce} active="projects">
      <PageHeader title="Projects"
                  subtitle="Every project (the scenes sharing a projectId), by id. Durations add each scene's frames at its own frame rate." />
      <form class="filters" action="/projects" method="get" hx-get="/projects" hx-target="#project-results"
            hx-swap="outerHTML" hx-push-url="true" hx-trigger="input changed delay:250ms from:#project-search, submit">
        <input type="search" name="q" value={props.q} placeholder="Search name or id prefix…" aria-label="Search projects"
               autocomplete="off" class="search" id="project-search" />
        <noscript><button type="submit" class="btn">Search</button></noscript>
      </form>
      <ProjectsTable {...props} />
    </Layout>
  );
}
