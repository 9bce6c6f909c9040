// Overview charts for one range (7/30/90 days); swapped in place by the range switch.
import type { OverviewCharts } from "../../src/services/dashboard.ts";
import { Chart, type ChartSpec } from "../components/chart.tsx";

const round2 = (n: number | null) => (n == null ? null : Math.round(n * 100) / 100);
/** "2025-03-07" → "Mar 7": short labels, the full date is in the tooltip title. */
const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** Backfill compiles that succeeded and verified on a day (the rest of the day's ok compiles were write-time). */
const backfillOk = (d: OverviewCharts["compiles"][number]) => d.backfillCompiles - d.backfillFailures - d.backfillVerifyFailures;

export function OverviewChartsFragment({ charts }: { charts: OverviewCharts }) {
  const labels = charts.compiles.map((d) => dayLabel(d.day));
  const compiles: ChartSpec = {
    type: "bar",
    labels,
    stacked: true,
    series: [
      // Failures of either kind have their own series; ok compiles are split by who asked for them.
      { label: "write-time ok", data: charts.compiles.map((d) => d.compiles - d.failures - d.verifyFailures - backfillOk(d)), color: "ok" },
      { label: "backfill ok", data: charts.compiles.map(backfillOk), color: "backfill" },
      { label: "failed", data: charts.compiles.map((d) => d.failures), color: "fail" },
      { label: "unverified", data: charts.compiles.map((d) => d.verifyFailures), color: "stale" },
    ],
  };
  const latency: ChartSpec = {
    type: "line",
    labels,
    yLabel: "ms",
    series: [
      { label: "write-time p50", data: charts.compiles.map((d) => round2(d.writeP50Ms)), color: "p50" },
      { label: "write-time p95", data: charts.compiles.map((d) => round2(d.writeP95Ms)), color: "p95" },
      { label: "backfill p50", data: charts.compiles.map((d) => round2(d.backfillP50Ms)), color: "backfill" },
    ],
  };
  const runtime: ChartSpec = {
    type: "bar",
    labels: charts.runtimeErrors.map((d) => dayLabel(d.day)),
    stacked: true,
    series: [
      { label: "preview", data: charts.runtimeErrors.map((d) => d.preview), color: "preview" },
      { label: "export", data: charts.runtimeErrors.map((d) => d.export), color: "export" },
    ],
  };
  const versions: ChartSpec = {
    type: "bar",
    labels: charts.versions.map((v) => `version ${v.version}`),
    stacked: true,
    series: [
      { label: "compiled", data: charts.versions.map((v) => v.counts.compiled), color: "ok" },
      { label: "stale JS", data: charts.versions.map((v) => v.counts.stale), color: "stale" },
      { label: "failed", data: charts.versions.map((v) => v.counts.failed), color: "fail" },
      { label: "pending", data: charts.versions.map((v) => v.counts.pending), color: "muted" },
      { label: "unverified", data: charts.versions.map((v) => v.counts.unverified), color: "v2" },
    ],
  };
  return (
    <div id="charts" class="chart-grid" data-days={String(charts.days)}>
      <Chart id="chart-compiles" title={`Compiles, failures and verification failures per day (${charts.days} days, UTC)`} spec={compiles} />
      <Chart id="chart-latency" title="Compile duration per day: write-time p50 / p95, backfill p50" spec={latency} />
      <Chart id="chart-runtime" title="Runtime errors per day (preview / export)" spec={runtime} />
      <Chart id="chart-versions" title="Scenes by compilation version" spec={versions} />
    </div>
  );
}
