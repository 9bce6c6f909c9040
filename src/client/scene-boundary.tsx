/** @jsxImportSource react */
// Inside the preview frame: one error boundary per scene, so a broken scene shows a card while the others play.

import { Component, type ReactNode } from "react";
import { AbsoluteFill } from "remotion";

export interface SceneFailure {
  message: string;
  line: number | null;
}

interface BoundaryProps {
  sceneName: string;
  /** A failure known before rendering (the artifact did not load); the card shows at once. */
  loadFailure: SceneFailure | null;
  onError: (error: unknown) => SceneFailure;
  children?: ReactNode;
}

interface BoundaryState {
  failure: SceneFailure | null;
}

export class SceneBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { failure: null };

  static getDerivedStateFromError(): BoundaryState {
    // The real failure (message + line) is filled in by componentDidCatch, which knows the scene.
    return { failure: { message: "Scene failed to render", line: null } };
  }

  componentDidCatch(error: unknown): void {
    this.setState({ failure: this.props.onError(error) });
  }

  render(): ReactNode {
    const failure = this.props.loadFailure ?? this.state.failure;
    if (failure) return <FallbackCard sceneName={this.props.sceneName} failure={failure} />;
    return this.props.children;
  }
}

export function FallbackCard({ sceneName, failure }: { sceneName: string; failure: SceneFailure }) {
  return (
    <AbsoluteFill
      data-testid="scene-fallback"
      style={{
        background: "repeating-linear-gradient(45deg,#1f2937,#1f2937 40px,#111827 40px,#111827 80px)",
        color: "#fecaca",
        justifyContent: "center",
        alignItems: "center",
        fontFamily: "system-ui, sans-serif",
        textAlign: "center",
        padding: "6%",
      }}
    >
      <div style={{ fontSize: 64, fontWeight: 700 }}>This scene failed</div>
      <div style={{ fontSize: 40, marginTop: 24, color: "#f9fafb" }}>{sceneName}</div>
      <div style={{ fontSize: 32, marginTop: 24, fontFamily: "ui-monospace, monospace", whiteSpace: "pre-wrap" }}>
        {failure.message}
        {failure.line !== null ? ` (line ${failure.line})` : ""}
      </div>
    </AbsoluteFill>
  );
}
