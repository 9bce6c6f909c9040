// The scenes table with its status tabs and pager: the part of /scenes that search, filters and sort swap.
import type { DashboardSceneRow } from "../../src/db/queries.ts";
import { defaultSort, type TabCounts, type TableSort as DashboardSort } from "../../src/services/dashboard.ts";
import { DASHBOARD_STATUSES, type DashboardStatus } from "../../src/db/status.ts";
import { PAGE_SIZE } from "../../src/services/dashboard.ts";
import { fmtBytes, fmtInt, fmtMs, shortId } from "../components/format.ts";
import { STATUS_LABELS, StatusBadge } from "../components/status.tsx";
import { RelTime } from "../components/time.tsx";
import { Poster } from "../components/poster.tsx";
import { EmptyState } from "../layout.tsx";

/** The filter state of the page, as it appears in the URL. */
export interface SceneFilterState {
  q: string;
  status: DashboardStatus | "";
  version: string;
  project: string;
  sort: DashboardSort;
}

/** A /scenes URL for the given state (empty values dropped so shared links stay short). */
export function scenesUrl(state: SceneFilterState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...state, ...extra })) {
    if (value && !(key === "sort" && value === defaultSort(Boolean(state.project || extra.project)))) params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `/scenes?${qs}` : "/scenes";
}

/** What each order is called in the caption above the table. */
const SORT_LABELS: Record<DashboardSort, string> = {
  updated_desc: "recently updated first",
  updated_asc: "least recently updated first",
  name_asc: "name, A → Z (numbers in natural order)",
  name_desc: "name, Z → A (numbers in natural order)",
  position_asc: "play order",
};

/** A link that swaps the results; `top` also scrolls the window up (pager links). */
function HxLink(props: { href: string; class?: string; children?: unknown; title?: string; rel?: string; top?: boolean }) {
  return (
    <a href={props.href} hx-get={props.href} hx-target="#scene-results" hx-push-url="true"
       hx-swap={props.top ? "outerHTML show:window:top" : "outerHTML"} class={props.class} title={props.title} rel={props.rel}>
      {props.children}
    </a>
  );
}

function SortHeader({ state, label, asc, desc }: { state: SceneFilterState; label: string; asc: DashboardSort; desc: DashboardSort }) {
  const active = state.sort === asc || state.sort === desc;
  const next = state.sort === desc ? asc : desc;
  const arrow = !active ? "" : state.sort === asc ? " ▲" : " ▼";
  return (
    <th aria-sort={!active ? undefined : state.sort === asc ? "ascending" : "descending"}>
      <HxLink href={scenesUrl(state, { sort: next })} class="sort">{label}{arrow}</HxLink>
    </th>
  );
}

/**
 * Hidden inputs swapped out-of-band with each result so the filter form always submits the state the
 * table shows (tabs and sort headers are links, not form fields).
 */
export function FilterStateInputs({ state, oob }: { state: SceneFilterState; oob?: boolean }) {
  return (
    <span id="filter-state" hx-swap-oob={oob ? "true" : undefined}>
      <input type="hidden" name="status" value={state.status} />
      {/* The default order is left out, so picking a project switches to its play order. */}
      <input type="hidden" name="sort" value={state.sort === defaultSort(Boolean(state.project)) ? "" : state.sort} />
    </span>
  );
}

/** One row of the table (also the answer to a per-row action, which swaps the row in place). */
export function SceneRow({ state, row }: { state: SceneFilterState; row: DashboardSceneRow }) {
  return (
    <tr data-scene-id={row.id}>
      {state.project ? <td class="num">{row.position}</td> : null}
      <td class="poster-cell"><Poster subject={{ ...row, hash: row.artifactHash }} name={row.name} /></td>
      <td class="name-cell">
        <a href={`/scenes/${row.id}`} class="scene-link">{row.name}</a>
        <div class="sub mono" title={row.id}>{shortId(row.id)}</div>
        {row.errorMessage ? <div class="sub error-text" title={row.errorMessage}>{row.errorMessage}</div> : null}
      </td>
      <td class="mono">
        {row.projectId ? (
          <HxLink href={scenesUrl({ ...state, project: row.projectId })} title={row.projectId}>
            {shortId(row.projectId)}
          </HxLink>
        ) : <span class="muted">—</span>}
      </td>
      <td><StatusBadge status={row.status} /></td>
      <td class="num">v{row.compilationVersion}</td>
      <td><RelTime date={row.jsCompiledAt} /></td>
      <td class="num wide-only">{fmtMs(row.compileMs)}</td>
      <td class="num wide-only">{fmtBytes(row.tsxBytes)}</td>
      <td class="num wide-only">{fmtBytes(row.jsBytes)}</td>
      <td><RelTime date={row.updatedAt} /></td>
      <td class="actions">
        <a href={`/scenes/${row.id}/preview`} class="btn btn-small">Preview</a>
        <form class="inline-form" method="post" action={`/scenes/${row.id}/recompile-row`}
              hx-post={`/scenes/${row.id}/recompile-row`} hx-target="closest tr" hx-swap="outerHTML"
              hx-disabled-elt="find button">
          <button type="submit" class="btn btn-small">Recompile</button>
        </form>
      </td>
    </tr>
  );
}

/** Downloads of the list as it is filtered and sorted (src/server/scenes/list-download.ts). */
function Downloads({ state }: { state: SceneFilterState }) {
  const query = scenesUrl(state).slice("/scenes".length);
  return (
    <span class="downloads">
      Download <a href={`/scenes.csv${query}`} download="">CSV</a> · <a href={`/scenes.json${query}`} download="">JSON</a>
    </span>
  );
}

/** A tab's count: exact, or "n+" when only the first matches were counted (a lower bound). */
const tabCount = (n: number, capped: boolean) => (capped ? `${fmtInt(n)}+` : fmtInt(n));

/** "1 scene" / "1,000+ scenes match" for the active tab. */
function ResultCount({ counts, status }: { counts: TabCounts; status: DashboardStatus | "" }) {
  const n = status ? counts[status] : counts.all;
  const text = `${tabCount(n, counts.capped)} ${n === 1 && !counts.capped ? "scene" : "scenes"}`;
  return <p class="muted result-count" data-result-count={String(n)} data-capped={String(counts.capped)}>{text}</p>;
}

export function SceneTable(props: {
  state: SceneFilterState;
  counts: TabCounts;
  rows: DashboardSceneRow[];
  nextCursor: string | null;
  prevCursor: string | null;
  paged: boolean;
}) {
  const { state, counts, rows } = props;
  const tabs: { status: DashboardStatus | ""; label: string; count: number }[] = [
    { status: "", label: "All", count: counts.all },
    ...DASHBOARD_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], count: counts[s] })),
  ];
  return (
    <div id="scene-results">
      <nav class="tabs" aria-label="Status">
        {tabs.map((tab) => (
          <HxLink href={scenesUrl({ ...state, status: tab.status })}
                  class={`tab${tab.status === state.status ? " active" : ""}${tab.status ? ` tab-${tab.status}` : ""}`}>
            {tab.label} <span class="count" data-count={tab.status || "all"}>{tabCount(tab.count, counts.capped)}</span>
          </HxLink>
        ))}
      </nav>
      <ResultCount counts={counts} status={state.status} />
      <p class="list-caption muted">
        Sorted by {SORT_LABELS[state.sort]} · {PAGE_SIZE} per page <Downloads state={state} />
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No scenes match.">
          {state.q || state.status || state.version || state.project ? (
            <HxLink href="/scenes">Clear all filters</HxLink>
          ) : (
            "Scenes appear here once a backend writes them through POST /api/scenes."
          )}
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table scenes">
            <thead>
              <tr>
                {state.project ? (
                  <th aria-sort={state.sort === "position_asc" ? "ascending" : undefined}>
                    <HxLink href={scenesUrl(state, { sort: "position_asc" })} class="sort">Play order</HxLink>
                  </th>
                ) : null}
                <th><span class="visually-hidden">Poster</span></th>
                <SortHeader state={state} label="Name" asc="name_asc" desc="name_desc" />
                <th>Project</th>
                <th>Status</th>
                <th class="num">Version</th>
                <th>Compiled</th>
                <th class="num wide-only">Compile</th>
                <th class="num wide-only">TSX</th>
                <th class="num wide-only">JS</th>
                <SortHeader state={state} label="Updated" asc="updated_asc" desc="updated_desc" />
                <th><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => <SceneRow state={state} row={row} />)}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <span class="pager-side">
          {props.paged ? <HxLink href={scenesUrl(state)} class="btn btn-ghost" top>« First page</HxLink> : null}
          {props.prevCursor ? (
            <HxLink href={scenesUrl(state, { before: props.prevCursor })} class="btn" rel="prev" top>‹ Previous</HxLink>
          ) : null}
        </span>
        {props.nextCursor ? (
          <HxLink href={scenesUrl(state, { cursor: props.nextCursor })} class="btn" rel="next" top>Next ›</HxLink>
        ) : null}
      </div>
    </div>
  );
}
