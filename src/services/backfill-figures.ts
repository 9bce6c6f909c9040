// Derived figures of a backfill run (percent, rate, ETA) shared by the CLI, the API and the dashboard.
import { isActiveRun, type BackfillRunRow } from "../db/queries.ts";

export interface BackfillFigures {
  /** 0–100; 100 once the run succeeded (scenes added after the start can push processed past total). */
  percent: number;
  /** Scenes per second of working time (resumes do not count the downtime). */
  rate: number | null;
  /** Seconds left at the current rate; null when unknown or finished. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export function backfillFigures(run: BackfillRunRow): BackfillFigures {
  const total = run.total ?? 0;
  const activeMs = run.cursor?.activeMs ?? 0;
  const rate = activeMs > 0 && run.processed > 0 ? (run.processed * 1000) / activeMs : null;
  const done = !isActiveRun(run);
  const remaining = Math.max(0, total - run.processed);
  const percent =
    run.status === "succeeded" ? 100 : total === 0 ? 0 : Math.min(100, (run.processed / total) * 100);
  return {
    percent,
    rate,
    etaSeconds: done || rate === null ? null : remaining / rate,
    elapsedSeconds: activeMs / 1000,
  };
}

/** "1m 05s", "12s", "—" for unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export const formatRate = (rate: number | null) => (rate === null ? "—" : `${rate.toFixed(rate < 10 ? 1 : 0)} scenes/s`);

/** The run as the JSON API answers it: the stored row plus the derived figures. */
export const backfillRunJson = (run: BackfillRunRow) => ({ ...run, figures: backfillFigures(run) });
