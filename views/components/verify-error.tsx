// The scene page's verification box: why the stored JS would not render (message, frame, scene line),
// or that it was not verified. Shown only when there is something to say; an ok verification is in the meta table.
import type { SceneJson } from "../../src/services/scenes.ts";
import type { VerifyError } from "../../src/verify/types.ts";

/** compileMeta.verify of a scene that has JS, or null. */
export const verifyOf = (scene: SceneJson) => (scene.js ? (scene.compileMeta?.verify ?? null) : null);

/** The error of a failed verification (to highlight its TSX line when no compile error does), else undefined. */
export function verifyErrorOf(scene: SceneJson): VerifyError | undefined {
  const verify = verifyOf(scene);
  return verify && !("skipped" in verify) && verify.ok === false ? verify.error : undefined;
}

export function VerifyErrorCard({ scene }: { scene: SceneJson }) {
  const verify = verifyOf(scene);
  if (!verify || verify.ok === true) return null;
  if ("skipped" in verify) {
    return (
      <section class="card verify-skipped" id="verify-error">
        <h2>Not verified</h2>
        <p class="muted">
          Verification did not run for this artifact ({verify.skipped === "busy" ? "the verification queue was full" : verify.message ?? "the verifier failed"}).
          Recompile, or run <code>bun run backfill -- --reverify</code>.
        </p>
      </section>
    );
  }
  const error = verify.error;
  const frame = error?.frame == null ? "while the factory ran (before any frame)" : `at frame ${error.frame}`;
  return (
    <section class="card compile-error verify-error" id="verify-error" role="alert">
      <h2>
        <span class="badge badge-unverified">unverified</span> Verification failed {frame}
        {error?.line ? `, line ${error.line}${error.column ? `, column ${error.column}` : ""}` : ""}
        {verify.timedOut ? " (timed out)" : ""}
      </h2>
      <p class="error-text">{error?.message ?? "The scene did not render."}</p>
      <p class="muted">
        The JS compiled but would not render in the player. Frames rendered before it: {verify.frames.length ? verify.frames.join(", ") : "none"}.
        {error?.line ? (
          <>
            {" "}<a href={`#tsx-L${error.line}`}>Line {error.line} is highlighted in the TSX below</a>; fix it in the editor and save.
          </>
        ) : " Fix the TSX in the editor below and save."}
      </p>
    </section>
  );
}
