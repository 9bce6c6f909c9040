// Overview page (/): headline numbers and the charts of the selected range, data in the first paint.
import type { Headline, OverviewCharts } from "../../src/services/dashboard.ts";
import { RANGES } from "../../src/services/dashboard.ts";
import { fmtBytes, fmtInt, fmtMs, fmtPct } from "../components/format.ts";
import { OverviewChartsFragment } from "../fragments/overview-charts.tsx";
import { Layout, PageHeader } from "../layout.tsx";

/** Share of failed compiles above which "Compiles · 24 h" turns red: a few failures are normal editing. */
export const FAILURE_RATE_ALERT = 0.05;

export const failureRateTone = (compiles: number, failures: number) =>
  compiles > 0 && failures / compiles > FAILURE_RATE_ALERT ? ("bad" as const) : undefined;

function Stat({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: "bad" | "good" }) {
  return (
    <div class={`card stat${tone ? ` stat-${tone}` : ""}`}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {hint ? <div class="stat-hint muted">{hint}</div> : null}
    </div>
  );
}

/** oob: sent next to a charts fragment so the active range follows the swap. */
export function RangeSwitch({ days, oob }: { days: number; oob?: boolean }) {
  return (
    <div class="segmented" id="range-switch" role="group" aria-label="Chart range"
         hx-swap-oob={oob ? "true" : undefined}>
      {RANGES.map((d) => (
        <a href={`/?days=${d}`} hx-get={`/overview/live?days=${d}`} hx-target="#overview-live" hx-swap="outerHTML"
           hx-push-url={`/?days=${d}`} class={d === days ? "active" : undefined} data-range={String(d)}>
          {d} days
        </a>
      ))}
    </div>
  );
}

/** "00:01:23 UTC": when the figures were read (the server's clock). */
const asOf = (date: Date) => `${date.toISOString().slice(11, 19)} UTC`;

/**
 * The figures and charts, refreshed in place every 10 s while the tab is visible (src/client/dashboard.ts
 * holds the requests of a hidden tab and refreshes on return), with the time they were read.
 */
export function OverviewLive(props: { headline: Headline; charts: OverviewCharts; at: Date }) {
  const h = props.headline;
  const ratio = h.tsxBytes ? h.jsBytes / h.tsxBytes : null;
  const inUse = h.compilerInUse[0];
  const oldCompilers = h.compilerInUse.filter((c) => c.compiler !== h.currentCompiler).reduce((s, c) => s + c.scenes, 0);
  return (
    <div id="overview-live" hx-get={`/overview/live?days=${props.charts.days}`} hx-trigger="every 10s, refresh"
         hx-swap="outerHTML" data-poll-visible="true">
      <p class="muted as-of">as of <time data-as-of datetime={props.at.toISOString()}>{asOf(props.at)}</time> · refreshes every 10 s</p>
      <section class="stats">
        <Stat label="Scenes" value={fmtInt(h.scenes)} />
        <Stat label="With current JS" value={fmtPct(h.currentJsPct)} hint="JS compiled from the latest TSX"
              tone={h.currentJsPct != null && h.currentJsPct < 95 ? "bad" : "good"} />
        <Stat label="Failing now" value={fmtInt(h.failingNow)} tone={h.failingNow > 0 ? "bad" : undefined}
              hint="latest TSX does not compile" />
        <Stat label="Compiles · 24 h" value={fmtInt(h.compiles24h)}
              hint={`${fmtInt(h.failures24h)} failed${h.compiles24h ? ` (${fmtPct((100 * h.failures24h) / h.compiles24h)})` : ""}`}
              tone={failureRateTone(h.compiles24h, h.failures24h)} />
        <Stat label="Compile p50 · 7 d" value={fmtMs(h.p50Ms7d)} hint="median write-time compile (backfills apart)" />
        <Stat label="Compile p95 · 7 d" value={fmtMs(h.p95Ms7d)} hint="slowest 5% start here" />
        <Stat label="Compiler in use" value={inUse ? inUse.compiler.replace(/^clapper-compiler\//, "v") : "—"}
              hint={oldCompilers ? `${fmtInt(oldCompilers)} scenes on older builds` : `current: ${h.currentCompiler}`} />
        <Stat label="TSX / JS stored" value={`${fmtBytes(h.tsxBytes)} / ${fmtBytes(h.jsBytes)}`}
              hint={ratio == null ? undefined : `JS is ${ratio.toFixed(2)}× the TSX`} />
      </section>
      <OverviewChartsFragment charts={props.charts} />
    </div>
  );
}

export function OverviewPage(props: { nonce: string; headline: Headline; charts: OverviewCharts; at: Date }) {
  return (
    <Layout title="Overview" nonce={props.nonce} active="overview">
      <PageHeader title="Overview" subtitle="Compile health of every stored scene.">
        <RangeSwitch days={props.charts.days} />
      </PageHeader>
      <OverviewLive headline={props.headline} charts={props.charts} at={props.at} />
    </Layout>
  );
}
