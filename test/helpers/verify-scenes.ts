// Two scenes for the verification wiring tests: one that verifies, one that compiles and then throws at
// frame 0 on line 4 (interpolate's input and output ranges have different lengths).
export const VERIFIES = `const { AbsoluteFill, interpolate, useCurrentFrame } = window.Remotion;
export default function Good() {
  const frame = useCurrentFrame();
  const opacity = interpolate(frame, [0, 30], [0, 1], { extrapolateRight: "clamp" });
  return <AbsoluteFill style={{ opacity }}>ok</AbsoluteFill>;
}`;

export const FAILS_VERIFICATION = `const { AbsoluteFill, interpolate, useCurrentFrame } = window.Remotion;
export default function Bad() {
  const frame = useCurrentFrame();
  const x = interpolate(frame, [0, 1], [0, 1, 2]);
  return <AbsoluteFill style={{ opacity: x }}>bad</AbsoluteFill>;
}`;

/** Where FAILS_VERIFICATION fails. */
export const FAILURE_AT = { frame: 0, line: 4 } as const;
