// Status badge of a scene (compiled / failed / stale JS / pending / unverified) with a plain-words tooltip.
import type { DashboardStatus } from "../../src/db/status.ts";

export const STATUS_LABELS: Record<DashboardStatus, string> = {
  compiled: "compiled",
  failed: "failed",
  stale: "stale JS",
  pending: "pending",
  unverified: "unverified",
};

const STATUS_HINTS: Record<DashboardStatus, string> = {
  compiled: "The stored JS was compiled from the current TSX.",
  failed: "The TSX does not compile and there is no JS.",
  stale: "The latest TSX does not compile (or is newer); the JS of an earlier revision is served.",
  pending: "Never compiled yet.",
  unverified: "The current TSX compiled, but its JS failed verification.",
};

export function StatusBadge({ status }: { status: DashboardStatus }) {
  return (
    <span class={`badge badge-${status}`} title={STATUS_HINTS[status]}>
      {STATUS_LABELS[status]}
    </span>
  );
}
