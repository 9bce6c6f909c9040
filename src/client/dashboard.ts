// Dashboard browser code: the <clapper-chart> element (Chart.js, survives htmx swaps) and live human dates.
import "./scene-editor.ts";
import "./posters.ts";
import { Chart, registerables, type ChartConfiguration } from "chart.js";
import type { ChartSpec } from "../../views/components/chart.tsx";
import { relativeTime } from "../../views/components/format.ts";

Chart.register(...registerables);

/** Series colour names → CSS custom properties of app.css (so dark mode restyles the charts too). */
function cssColor(name: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--chart-${name}`).trim();
  return value || "#888";
}

function chartConfig(spec: ChartSpec): ChartConfiguration {
  const grid = cssColor("grid");
  const text = cssColor("text");
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => {
        const color = cssColor(s.color);
        return {
          type: s.type ?? spec.type,
          label: s.label,
          data: s.data,
          backgroundColor: spec.type === "line" ? color : `${color}cc`,
          borderColor: color,
          borderWidth: spec.type === "line" ? 2 : 0,
          borderRadius: spec.type === "bar" ? 3 : 0,
          pointRadius: spec.labels.length > 40 ? 0 : 2,
          tension: 0.25,
          spanGaps: true,
        };
      }) as never,
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { color: text, boxWidth: 12, boxHeight: 12 } },
        tooltip: { enabled: true },
      },
      scales: {
        x: { stacked: spec.stacked, grid: { display: false }, ticks: { color: text, maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } },
        y: {
          stacked: spec.stacked,
          beginAtZero: true,
          grid: { color: grid },
          ticks: { color: text, precision: spec.yLabel === "ms" ? undefined : 0 },
          title: spec.yLabel ? { display: true, text: spec.yLabel, color: text } : undefined,
        },
      },
    },
  };
}

/**
 * <clapper-chart data-chart='{…}'>: draws on connect, destroys on disconnect. htmx swaps remove the old
 * element (disconnectedCallback) before the new one connects, so a canvas is never reused by two charts.
 */
class ClapperChart extends HTMLElement {
  private chart: Chart | null = null;

  connectedCallback(): void {
    this.draw();
  }

  disconnectedCallback(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private draw(): void {
    this.chart?.destroy();
    const spec = JSON.parse(this.dataset.chart ?? "null") as ChartSpec | null;
    if (!spec) return;
    const canvas = document.createElement("canvas");
    this.replaceChildren(canvas);
    this.chart = new Chart(canvas, chartConfig(spec));
    this.dataset.drawn = String(Number(this.dataset.drawn ?? 0) + 1);
  }
}

if (!customElements.get("clapper-chart")) customElements.define("clapper-chart", ClapperChart);

// ---------------------------------------------------------------------------------------------
// Human dates: <time data-relative datetime="…"> shows "3 min ago" (the server's wording, kept current);
// the title shows the exact local time.

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

function refreshTimes(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLTimeElement>("time[data-relative]")) {
    const date = new Date(el.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    el.textContent = relativeTime(date);
    el.title = `${exact.format(date)} (${el.dateTime})`;
  }
}

document.addEventListener("DOMContentLoaded", () => refreshTimes());
document.addEventListener("htmx:afterSettle", (event) => refreshTimes((event.target as Element) ?? document));
setInterval(() => refreshTimes(), 30_000);

// ---------------------------------------------------------------------------------------------
// Keyboard shortcuts: "/" focuses the scene search (from any page: it opens /scenes#search), "g s" goes to
// the scenes list ("g o" overview, "g f" failures), "j"/"k" move the row selection of the scenes table,
// Enter opens the selected scene, Escape leaves a field. Keys typed into fields are left alone.

const SEARCH_ID = "scene-search";
const ROWS = "#scene-results tbody tr[data-scene-id]";
const GO_TO: Record<string, string> = { s: "/scenes", o: "/", f: "/failures" };
/** How long after "g" the second key of a "g …" shortcut may come. */
const CHORD_MS = 1200;

let chordUntil = 0;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || !!target.closest("input, textarea, select"));
}

function focusSearch(): boolean {
  const search = document.getElementById(SEARCH_ID) as HTMLInputElement | null;
  if (!search) return false;
  search.focus();
  search.select();
  return true;
}

/** Moves the selected row by `step` (clamped to the table) and keeps it in view. */
function moveSelection(step: number): void {
  const rows = [...document.querySelectorAll<HTMLTableRowElement>(ROWS)];
  if (!rows.length) return;
  const current = rows.findIndex((r) => r.classList.contains("selected"));
  const next = current === -1 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, current + step));
  for (const row of rows) {
    row.classList.toggle("selected", row === rows[next]);
    row.setAttribute("aria-selected", String(row === rows[next]));
  }
  rows[next]!.scrollIntoView({ block: "nearest" });
}

function openSelection(): boolean {
  const link = document.querySelector<HTMLAnchorElement>(`${ROWS}.selected a.scene-link`);
  if (!link) return false;
  window.location.href = link.href;
  return true;
}

function onShortcut(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (isTyping(event.target)) {
    if (event.key === "Escape") (event.target as HTMLElement).blur();
    return;
  }
  const chord = Date.now() < chordUntil;
  chordUntil = 0;
  if (chord && GO_TO[event.key]) {
    event.preventDefault();
    window.location.href = GO_TO[event.key]!;
  } else if (event.key === "g") {
    chordUntil = Date.now() + CHORD_MS;
  } else if (event.key === "/") {
    event.preventDefault();
    if (!focusSearch()) window.location.href = "/scenes#search";
  } else if (event.key === "j" || event.key === "k") {
    event.preventDefault();
    moveSelection(event.key === "j" ? 1 : -1);
  } else if (event.key === "Enter" && !(event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement)) {
    if (openSelection()) event.preventDefault();
  }
}

document.addEventListener("keydown", onShortcut);
document.addEventListener("DOMContentLoaded", () => {
  if (window.location.hash === "#search") focusSearch();
});

// The undo toast after a delete leaves when its window ends (the server deletes the scene then).
document.addEventListener("DOMContentLoaded", () => {
  for (const toast of document.querySelectorAll<HTMLElement>("[data-undo-until]")) {
    setTimeout(() => toast.remove(), Math.max(0, Number(toast.dataset.undoUntil) - Date.now()));
  }
});

// ---------------------------------------------------------------------------------------------
// Polling only while the tab is visible: elements marked data-poll-visible (the overview's figures)
// poll with `every 10s`; a hidden tab's poll is cancelled here (a trigger filter would need eval, which
// the CSP forbids), and coming back refreshes at once.

document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = (event as CustomEvent<{ elt: Element }>).detail.elt;
  if (document.visibilityState === "hidden" && elt.hasAttribute("data-poll-visible")) event.preventDefault();
});

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible") return;
  const htmx = (window as unknown as { htmx?: { trigger(elt: Element, name: string): void } }).htmx;
  for (const el of document.querySelectorAll("[data-poll-visible]")) htmx?.trigger(el, "refresh");
});
