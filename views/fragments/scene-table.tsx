// The scenes table with its status tabs and pager: the part of /scenes that search, filters and sort swap.
import type { DashboardSceneRow } from "../../src/db/queries.ts";
import { defaultSort, type TabCounts, type TableSort as DashboardSort } from "../../src/services/dashboard.ts";
import { DASHBOARD_STATUSES, type DashboardStatus } from "../../src/db/status.ts";
import { fmtBytes, fmtInt, fmtMs, shortId } from "../components/format.ts";
import { STATUS_LABELS, StatusBadge } from "../components/status.tsx";
import { RelTime } from "../components/time.tsx";
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

function HxLink(props: { href: string; class?: string; children?: unknown; title?: string }) {
  return (
    <a href={props.href} hx-get={props.href} hx-target="#scene-results" hx-swap="outerHTML" hx-push-url="true"
       class={props.class} title={props.title}>
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
                <SortHeader state={state} label="Name" asc="name_asc" desc="name_desc" />
                <th>Project</th>
                <th>Status</th>
                <th class="num">Version</th>
                <th>Compiled</th>
                <th class="num">Compile</th>
                <th class="num">TSX</th>
                <th class="num">JS</th>
                <SortHeader state={state} label="Updated" asc="updated_asc" desc="updated_desc" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-scene-id={row.id}>
                  {state.project ? <td class="num">{row.position}</td> : null}
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
                  <td class="num">{fmtMs(row.compileMs)}</td>
                  <td class="num">{fmtBytes(row.tsxBytes)}</td>
                  <td class="num">{fmtBytes(row.jsBytes)}</td>
                  <td><RelTime date={row.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        {props.paged ? <HxLink href={scenesUrl(state)} class="btn btn-ghost">« First page</HxLink> : <span />}
        {props.nextCursor ? (
          <HxLink href={scenesUrl(state, { cursor: props.nextCursor })} class="btn">Next page »</HxLink>
        ) : null}
      </div>
    </div>
  );
}
