// Product tour: three feature cards in a Series, a cursor that clicks through them and a CTA.
// Uses ES imports (converted to bindings by the compiler), renamed imports and a namespace import.
import React, { useMemo } from "react";
import {
  AbsoluteFill,
  Series,
  useCurrentFrame,
  useVideoConfig,
  interpolate as tween,
  spring,
  Easing,
} from "remotion";
import * as Remotion from "remotion";

enum Accent {
  Violet = "#8b5cf6",
  Teal = "#14b8a6",
  Amber = "#f59e0b",
}

type Feature = {
  id: string;
  title: string;
  body: string;
  accent: Accent;
  icon: string;
  durationInFrames: number;
};

const FEATURES: Feature[] = [
  {
    id: "sync",
    title: "Live sync",
    body: "Edits land on every device in under 200 ms.",
    accent: Accent.Violet,
    icon: "⟳",
    durationInFrames: 75,
  },
  {
    id: "share",
    title: "One-click sharing",
    body: "Send a link; reviewers comment right on the frame.",
    accent: Accent.Teal,
    icon: "⤴",
    durationInFrames: 75,
  },
  {
    id: "export",
    title: "Export anywhere",
    body: "MP4, GIF or a web embed — same pixels everywhere.",
    accent: Accent.Amber,
    icon: "⬇",
    durationInFrames: 75,
  },
];

// The word "return function" in copy must not confuse anything that looks at the source.
const TAGLINE = "Nothing to install. No return function to write. Just press play.";

function useEntrance(delay = 0) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const progress = spring({ frame: frame - delay, fps, config: { damping: 18, stiffness: 120 } });
  return {
    opacity: tween(progress, [0, 1], [0, 1]),
    transform: `translateY(${tween(progress, [0, 1], [40, 0])}px) scale(${tween(progress, [0, 1], [0.96, 1])})`,
  };
}

const Cursor: React.FC<{ x: number; y: number; pressed: boolean }> = ({ x, y, pressed }) => (
  <div
    style={{
      position: "absolute",
      left: x,
      top: y,
      width: 36,
      height: 36,
      borderRadius: "50%",
      background: "white",
      boxShadow: "0 6px 18px rgba(0,0,0,0.35)",
      transform: `scale(${pressed ? 0.8 : 1})`,
    }}
  />
);

const FeatureCard: React.FC<{ feature: Feature }> = ({ feature }) => {
  const frame = useCurrentFrame();
  const { width, height } = Remotion.useVideoConfig();
  const card = useEntrance(0);
  const text = useEntrance(8);
  const cursorX = tween(frame, [10, 45], [width * 0.8, width * 0.52], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
    easing: Easing.bezier(0.33, 1, 0.68, 1),
  });
  const cursorY = tween(frame, [10, 45], [height * 0.85, height * 0.6], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
  });
  const pressed = frame > 46 && frame < 54;
  return (
    <AbsoluteFill style={{ justifyContent: "center", alignItems: "center" }}>
      <div
        style={{
          ...card,
          width: 980,
          padding: 64,
          borderRadius: 36,
          background: "white",
          borderTop: `14px solid ${feature.accent}`,
          boxShadow: "0 40px 80px rgba(15,23,42,0.25)",
        }}
      >
        <div style={{ fontSize: 96, color: feature.accent }}>{feature.icon}</div>
        <div style={{ ...text, fontSize: 72, fontWeight: 800, color: "#0f172a" }}>{feature.title}</div>
        <div style={{ ...text, fontSize: 38, color: "#475569", marginTop: 16 }}>{feature.body}</div>
        <div
          style={{
            marginTop: 40,
            display: "inline-block",
            padding: "18px 36px",
            borderRadius: 999,
            background: pressed ? "#0f172a" : feature.accent,
            color: "white",
            fontSize: 30,
          }}
        >
          Try {feature.title.toLowerCase()}
        </div>
      </div>
      <Cursor x={cursorX} y={cursorY} pressed={pressed} />
    </AbsoluteFill>
  );
};

const CallToAction: React.FC = () => {
  const style = useEntrance(0);
  const frame = useCurrentFrame();
  const glow = Math.sin(frame / 6) * 0.5 + 0.5;
  return (
    <AbsoluteFill style={{ justifyContent: "center", alignItems: "center", textAlign: "center" }}>
      <div style={style}>
        <div style={{ fontSize: 110, fontWeight: 900, color: "white" }}>Start your free trial</div>
        <div style={{ fontSize: 40, color: "rgba(255,255,255,0.8)", marginTop: 24 }}>{TAGLINE}</div>
        <div
          style={{
            marginTop: 48,
            fontSize: 36,
            color: "#0f172a",
            background: "white",
            padding: "22px 56px",
            borderRadius: 999,
            display: "inline-block",
            boxShadow: `0 0 ${20 + glow * 40}px rgba(255,255,255,${0.3 + glow * 0.4})`,
          }}
        >
          clapper.example/start
        </div>
      </div>
    </AbsoluteFill>
  );
};

export default function ProductTour() {
  const frame = useCurrentFrame();
  const total = useMemo(() => FEATURES.reduce((n, f) => n + f.durationInFrames, 0), []);
  const hue = tween(frame, [0, total + 60], [230, 290], { extrapolateRight: "clamp" });
  return (
    <AbsoluteFill style={{ background: `linear-gradient(160deg, hsl(${hue},70%,45%), hsl(${hue + 40},70%,25%))` }}>
      <Series>
        {FEATURES.map((feature) => (
          <Series.Sequence key={feature.id} durationInFrames={feature.durationInFrames}>
            <FeatureCard feature={feature} />
          </Series.Sequence>
        ))}
        <Series.Sequence durationInFrames={60}>
          <CallToAction />
        </Series.Sequence>
      </Series>
    </AbsoluteFill>
  );
}
