// <Chart>: server side of the <clapper-chart> element; the spec travels as JSON in an attribute (escaped).

/** Series colours are names the client maps to CSS custom properties, so charts follow dark mode. */
export type SeriesColor = "ok" | "fail" | "p50" | "p95" | "preview" | "export" | "v1" | "v2" | "muted" | "stale" | "backfill";

export interface ChartSpec {
  type: "bar" | "line";
  labels: string[];
  stacked?: boolean;
  yLabel?: string;
  series: { label: string; data: (number | null)[]; color: SeriesColor; type?: "bar" | "line" }[];
}

export function Chart({ title, spec, id }: { title: string; spec: ChartSpec; id: string }) {
  return (
    <figure class="card chart-card">
      <figcaption>{title}</figcaption>
      <clapper-chart id={id} data-chart={JSON.stringify(spec)} role="img" aria-label={title}></clapper-chart>
    </figure>
  );
}
