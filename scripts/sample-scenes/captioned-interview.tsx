// Interview clip with word-level captions, a speaker lower third and a progress bar.
// Binding style: window.Remotion destructure; strings and comments contain code-like text on purpose.
const { AbsoluteFill, Sequence, useCurrentFrame, useVideoConfig, interpolate, spring, random } = window.Remotion;

interface CaptionWord {
  text: string;
  startMs: number;
  endMs: number;
}

interface Speaker {
  name: string;
  role: string;
  color: string;
}

const SPEAKER: Speaker = { name: "Dana Okafor", role: "Head of Platform", color: "#f97316" };

// "export default function Fake() {}" — inside a comment, must be ignored by the name finder.
const TRANSCRIPT = `We moved compilation to write time, so every preview runs the exact same artifact.
Nobody sees "Identifier already declared" anymore, and previews start instantly.`;

const WORDS_PER_SECOND = 2.6;

function toWords(transcript: string): CaptionWord[] {
  const words = transcript.split(/\s+/).filter(Boolean);
  const msPerWord = 1000 / WORDS_PER_SECOND;
  return words.map((text, i) => ({
    text,
    startMs: Math.round(i * msPerWord),
    endMs: Math.round((i + 1) * msPerWord),
  }));
}

function groupIntoLines(words: CaptionWord[], maxChars: number): CaptionWord[][] {
  const lines: CaptionWord[][] = [];
  let current: CaptionWord[] = [];
  let length = 0;
  for (const word of words) {
    if (length + word.text.length > maxChars && current.length > 0) {
      lines.push(current);
      current = [];
      length = 0;
    }
    current.push(word);
    length += word.text.length + 1;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

const Waveform = ({ bars = 48 }: { bars?: number }) => {
  const frame = useCurrentFrame();
  return (
    <div style={{ display: "flex", gap: 6, alignItems: "center", height: 120 }}>
      {Array.from({ length: bars }, (_, i) => {
        const seed = random(`bar-${i}`);
        const level = 0.25 + 0.75 * Math.abs(Math.sin(frame / (4 + seed * 6) + i));
        return (
          <div
            key={i}
            style={{ width: 10, height: 120 * level, borderRadius: 5, background: "rgba(255,255,255,0.55)" }}
          />
        );
      })}
    </div>
  );
};

const LowerThird = ({ speaker }: { speaker: Speaker }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const enter = spring({ frame, fps, config: { damping: 16 } });
  const x = interpolate(enter, [0, 1], [-700, 0]);
  return (
    <div style={{ position: "absolute", left: 80, bottom: 320, transform: `translateX(${x}px)` }}>
      <div style={{ background: speaker.color, color: "white", fontSize: 48, fontWeight: 800, padding: "14px 28px" }}>
        {speaker.name}
      </div>
      <div style={{ background: "white", color: "#111827", fontSize: 30, padding: "10px 28px" }}>{speaker.role}</div>
    </div>
  );
};

const Captions = ({ lines }: { lines: CaptionWord[][] }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const nowMs = (frame / fps) * 1000;
  const line = lines.find((l) => nowMs >= l[0]!.startMs && nowMs < l[l.length - 1]!.endMs + 250);
  if (!line) return null;
  return (
    <div
      style={{
        position: "absolute",
        bottom: 120,
        left: 0,
        right: 0,
        textAlign: "center",
        fontSize: 58,
        fontWeight: 700,
        lineHeight: 1.3,
      }}
    >
      {line.map((word) => {
        const active = nowMs >= word.startMs && nowMs < word.endMs;
        const spoken = nowMs >= word.endMs;
        return (
          <span
            key={`${word.startMs}-${word.text}`}
            style={{
              color: active ? SPEAKER.color : spoken ? "white" : "rgba(255,255,255,0.5)",
              padding: "0 8px",
              textShadow: "0 4px 12px rgba(0,0,0,0.6)",
            }}
          >
            {word.text}
          </span>
        );
      })}
    </div>
  );
};

const ProgressBar = ({ totalFrames }: { totalFrames: number }) => {
  const frame = useCurrentFrame();
  const width = interpolate(frame, [0, totalFrames], [0, 100], { extrapolateRight: "clamp" });
  return (
    <div style={{ position: "absolute", left: 0, right: 0, bottom: 0, height: 10, background: "rgba(255,255,255,0.15)" }}>
      <div style={{ width: `${width}%`, height: "100%", background: SPEAKER.color }} />
    </div>
  );
};

const CaptionedInterview = () => {
  const { fps, durationInFrames } = useVideoConfig();
  const words = toWords(TRANSCRIPT);
  const lines = groupIntoLines(words, 32);
  const speechFrames = Math.ceil((words[words.length - 1]!.endMs / 1000) * fps);
  return (
    <AbsoluteFill style={{ background: "radial-gradient(circle at 30% 20%, #1f2937, #030712)", fontFamily: "Inter, sans-serif" }}>
      <AbsoluteFill style={{ justifyContent: "center", alignItems: "center" }}>
        <Waveform />
      </AbsoluteFill>
      <Sequence from={10} durationInFrames={Math.min(150, durationInFrames)}>
        <LowerThird speaker={SPEAKER} />
      </Sequence>
      <Sequence durationInFrames={speechFrames + fps}>
        <Captions lines={lines} />
      </Sequence>
      <ProgressBar totalFrames={durationInFrames} />
    </AbsoluteFill>
  );
};

export default CaptionedInterview;
