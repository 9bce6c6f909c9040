// One preview stage: the sandboxed frame, its error overlay with Retry, frame counter and notes (driven by preview-host).

export const SANDBOX_PATH = "/sandbox";

export interface StageProps {
  title: string;
  /** Set for the side-by-side column that shows a compile done on request, never stored. */
  dryRunVersion?: number;
  heading?: string;
}

export function Stage({ title, dryRunVersion, heading }: StageProps) {
  return (
    <section class="preview-stage" data-preview-stage data-dry-run-version={dryRunVersion ? String(dryRunVersion) : undefined}>
      {heading ? <h2>{heading}</h2> : null}
      <p class="preview-note" data-preview-note hidden></p>
      <div class="preview-frame-wrap">
        {/* allow-scripts only: never allow-same-origin, so scene code gets an opaque origin. */}
        <iframe data-preview-frame sandbox="allow-scripts" allow="fullscreen" src={SANDBOX_PATH} title={title}></iframe>
        <div class="preview-overlay" data-preview-overlay role="alert" hidden>
          <p data-overlay-message></p>
          <p data-overlay-line hidden></p>
          <button type="button" data-retry>
            Retry
          </button>
        </div>
      </div>
      <p class="preview-status">
        <span>
          Frame <span data-frame-counter>0</span> / <span data-frame-total>…</span>
        </span>
        <span class="preview-badge" data-preview-badge hidden></span>
      </p>
    </section>
  );
}
