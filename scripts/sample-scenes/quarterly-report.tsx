// Quarterly business review: animated bar chart, KPI tiles and a closing takeaway.
// Written in the "window globals" binding style that most generated scenes use.
const {
  AbsoluteFill,
  Sequence,
  useCurrentFrame,
  useVideoConfig,
  interpolate,
  interpolateColors,
  spring,
  Easing,
} = window.Remotion;

type Quarter = "Q1" | "Q2" | "Q3" | "Q4";

interface RevenuePoint {
  quarter: Quarter;
  revenue: number; // in millions
  target: number;
}

interface Kpi {
  label: string;
  value: number;
  unit: "%" | "M" | "k";
  trend: "up" | "down" | "flat";
}

const DATA: RevenuePoint[] = [
  { quarter: "Q1", revenue: 12.4, target: 11 },
  { quarter: "Q2", revenue: 14.1, target: 13 },
  { quarter: "Q3", revenue: 13.2, target: 15 },
  { quarter: "Q4", revenue: 18.9, target: 16 },
];

const KPIS: readonly Kpi[] = [
  { label: "Net revenue retention", value: 118, unit: "%", trend: "up" },
  { label: "New customers", value: 4.2, unit: "k", trend: "up" },
  { label: "Churned ARR", value: 0.8, unit: "M", trend: "down" },
] as const;

const PALETTE = {
  background: "#0b1020",
  grid: "rgba(255,255,255,0.08)",
  text: "#e5e7eb",
  muted: "#9ca3af",
  hit: "#34d399",
  miss: "#f87171",
  accent: "#60a5fa",
};

const formatValue = (kpi: Kpi, progress: number): string => {
  const shown = kpi.value * progress;
  const digits = kpi.value < 10 ? 1 : 0;
  return `${shown.toFixed(digits)}${kpi.unit}`;
};

const trendArrow = (trend: Kpi["trend"]): string => (trend === "up" ? "▲" : trend === "down" ? "▼" : "■");

function Title({ text, subtitle }: { text: string; subtitle: string }) {
  const frame = useCurrentFrame();
  const opacity = interpolate(frame, [0, 15], [0, 1], { extrapolateRight: "clamp" });
  const y = interpolate(frame, [0, 20], [30, 0], {
    extrapolateRight: "clamp",
    easing: Easing.out(Easing.cubic),
  });
  return (
    <div style={{ opacity, transform: `translateY(${y}px)`, marginBottom: 40 }}>
      <div style={{ fontSize: 72, fontWeight: 800, color: PALETTE.text }}>{text}</div>
      <div style={{ fontSize: 32, color: PALETTE.muted }}>{subtitle}</div>
    </div>
  );
}

function Bar({ point, index, max }: { point: RevenuePoint; index: number; max: number }) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const grow = spring({ frame: frame - index * 8, fps, config: { damping: 14, mass: 0.8 } });
  const heightPx = (point.revenue / max) * 420 * grow;
  const targetPx = (point.target / max) * 420;
  const hit = point.revenue >= point.target;
  const color = interpolateColors(grow, [0, 1], [PALETTE.accent, hit ? PALETTE.hit : PALETTE.miss]);
  return (
    <div style={{ display: "flex", flexDirection: "column", alignItems: "center", width: 160 }}>
      <div style={{ position: "relative", height: 440, width: 110, display: "flex", alignItems: "flex-end" }}>
        <div
          style={{
            position: "absolute",
            bottom: targetPx,
            left: -10,
            right: -10,
            borderTop: `3px dashed ${PALETTE.muted}`,
          }}
        />
        <div style={{ height: heightPx, width: "100%", background: color, borderRadius: "12px 12px 0 0" }} />
      </div>
      <div style={{ fontSize: 30, color: PALETTE.text, marginTop: 12 }}>{point.quarter}</div>
      <div style={{ fontSize: 26, color: PALETTE.muted }}>${(point.revenue * grow).toFixed(1)}M</div>
    </div>
  );
}

function RevenueChart({ data }: { data: RevenuePoint[] }) {
  const max = Math.max(...data.map((d) => Math.max(d.revenue, d.target))) * 1.1;
  return (
    <div style={{ display: "flex", gap: 48, alignItems: "flex-end", padding: 32, borderRadius: 24, background: PALETTE.grid }}>
      {data.map((point, index) => (
        <Bar key={point.quarter} point={point} index={index} max={max} />
      ))}
    </div>
  );
}

function KpiTile({ kpi, delay }: { kpi: Kpi; delay: number }) {
  const frame = useCurrentFrame();
  const progress = interpolate(frame - delay, [0, 30], [0, 1], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
    easing: Easing.inOut(Easing.quad),
  });
  const good = kpi.trend === "up" || (kpi.trend === "down" && kpi.label.includes("Churn"));
  return (
    <div
      style={{
        opacity: progress,
        padding: "28px 36px",
        borderRadius: 20,
        background: "rgba(255,255,255,0.06)",
        minWidth: 360,
      }}
    >
      <div style={{ fontSize: 26, color: PALETTE.muted }}>{kpi.label}</div>
      <div style={{ fontSize: 64, fontWeight: 700, color: PALETTE.text }}>
        {formatValue(kpi, progress)}{" "}
        <span style={{ fontSize: 32, color: good ? PALETTE.hit : PALETTE.miss }}>{trendArrow(kpi.trend)}</span>
      </div>
    </div>
  );
}

function Takeaway() {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const scale = spring({ frame, fps, config: { damping: 200 } });
  const best = DATA.reduce((a, b) => (b.revenue - b.target > a.revenue - a.target ? b : a));
  return (
    <AbsoluteFill style={{ justifyContent: "center", alignItems: "center" }}>
      <div style={{ transform: `scale(${scale})`, textAlign: "center", color: PALETTE.text }}>
        <div style={{ fontSize: 40, color: PALETTE.muted }}>Best quarter</div>
        <div style={{ fontSize: 160, fontWeight: 900 }}>{best.quarter}</div>
        <div style={{ fontSize: 44 }}>
          {`+${(best.revenue - best.target).toFixed(1)}M over target`}
        </div>
      </div>
    </AbsoluteFill>
  );
}

const QuarterlyReport: React.FC = () => {
  const total = DATA.reduce((sum, d) => sum + d.revenue, 0);
  return (
    <AbsoluteFill style={{ background: PALETTE.background, padding: 80, fontFamily: "Inter, sans-serif" }}>
      <Sequence durationInFrames={150} layout="none">
        <Title text="FY Revenue Review" subtitle={`Total $${total.toFixed(1)}M across four quarters`} />
        <RevenueChart data={DATA} />
      </Sequence>
      <Sequence from={150} durationInFrames={90}>
        <AbsoluteFill style={{ padding: 80, gap: 32, flexDirection: "row", flexWrap: "wrap", alignContent: "center" }}>
          {KPIS.map((kpi, i) => (
            <KpiTile key={kpi.label} kpi={kpi} delay={i * 10} />
          ))}
        </AbsoluteFill>
      </Sequence>
      <Sequence from={240}>
        <Takeaway />
      </Sequence>
    </AbsoluteFill>
  );
};

export default QuarterlyReport;
