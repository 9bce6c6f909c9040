// <Sparkline>: a tiny inline SVG bar chart of daily counts (no script, no style attribute: strict CSP).

const BAR = 6;
const GAP = 2;
const HEIGHT = 20;

/** One bar per value, oldest first; bars scale to the largest value, a zero day keeps a 1 px baseline. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const width = values.length * (BAR + GAP) - GAP;
  return (
    <svg class="sparkline" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={label}>
      <title>{label}</title>
      {values.map((v, i) => {
        const h = v === 0 ? 1 : Math.max(2, Math.round((v / max) * HEIGHT));
        return <rect x={i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} class={v === 0 ? "zero" : undefined} />;
      })}
    </svg>
  );
}

/** "3, 0, 5 … per day, oldest first" as the accessible text of a trend. */
export const trendLabel = (values: number[], what: string) =>
  `${what} per day over the last ${values.length} days, oldest first: ${values.join(", ")}`;
