// /exports: every export, newest first, each row polling itself while it runs.
import type { ExportRow } from "../../src/db/queries.ts";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";
import { ExportRowView, ExportTableHead, type SceneNames } from "./progress.tsx";

export interface ExportsPageProps {
  nonce: string;
  exports: ExportRow[];
  names: SceneNames;
  nextCursor: string | null;
  /** The API's 503 text when this machine cannot render. */
  unavailable: string | null;
}

export function ExportsPage({ nonce, exports, names, nextCursor, unavailable }: ExportsPageProps) {
  return (
    <Layout title="Exports" nonce={nonce} active="exports">
      <PageHeader title="Exports" subtitle="MP4, WebM and PNG renders of scenes and projects, from the stored JS in the preview's runtime." />
      {unavailable ? <p class="notice notice-warn" role="status" data-export-unavailable>{unavailable}</p> : null}
      {exports.length === 0 ? (
        <EmptyState title="No exports yet">Use the Export control on a scene or a project preview.</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table exports">
            <ExportTableHead />
            <tbody>{exports.map((row) => <ExportRowView row={row} names={names} />)}</tbody>
          </table>
        </div>
      )}
      {nextCursor ? <p><a class="btn" href={`/exports?cursor=${encodeURIComponent(nextCursor)}`}>Older exports</a></p> : null}
    </Layout>
  );
}
