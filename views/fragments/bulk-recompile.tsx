// Bulk "recompile all matching": the confirm step (count, cap, version) and the result.
import { BULK_RECOMPILE_CAP } from "../../src/services/dashboard.ts";
import { fmtInt } from "../components/format.ts";
import type { SceneFilterState } from "./scene-table.tsx";

export function BulkConfirm({ state, matching }: { state: SceneFilterState; matching: number }) {
  if (matching === 0) return <div class="notice">No scenes match these filters; nothing to recompile.</div>;
  const capped = matching > BULK_RECOMPILE_CAP;
  return (
    <form class="notice notice-warn bulk-confirm" hx-post="/scenes/bulk-recompile" hx-target="#bulk-panel"
          hx-swap="innerHTML" hx-disabled-elt="find button">
      <p>
        {capped
          ? `More than ${fmtInt(BULK_RECOMPILE_CAP)} scenes match; this recompiles the ${fmtInt(BULK_RECOMPILE_CAP)} most recently updated. Use Backfill for all of them.`
          : `This recompiles ${fmtInt(matching)} matching scene${matching === 1 ? "" : "s"} now.`}
      </p>
      {Object.entries(state).map(([name, value]) => (value ? <input type="hidden" name={name} value={value} /> : null))}
      <label>
        Target version
        <select name="targetVersion">
          <option value="">keep each scene's</option>
          <option value="1">1</option>
          <option value="2">2</option>
        </select>
      </label>
      <button type="submit" class="btn btn-primary">Recompile {fmtInt(Math.min(matching, BULK_RECOMPILE_CAP))}</button>
      <a href="/scenes" class="btn btn-ghost" hx-get="/scenes/bulk-recompile/cancel" hx-target="#bulk-panel" hx-swap="innerHTML">Cancel</a>
    </form>
  );
}

export function BulkResult({ total, ok, failed }: { total: number; ok: number; failed: number }) {
  return (
    <div class={`notice ${failed ? "notice-warn" : "notice-ok"}`} role="status">
      Recompiled {fmtInt(total)} scene{total === 1 ? "" : "s"}: {fmtInt(ok)} ok, {fmtInt(failed)} failed.{" "}
      <a href="/scenes">Reload the list</a>
    </div>
  );
}
