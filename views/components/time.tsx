// <RelTime>: a human date ("3 min ago") with the exact time on hover; src/client/dashboard.ts keeps it current.
import { exactTime, relativeTime } from "./format.ts";

export function RelTime({ date }: { date: Date | null | undefined }) {
  if (!date) return <span class="muted">—</span>;
  return (
    <time datetime={date.toISOString()} title={exactTime(date)} data-relative="">
      {relativeTime(date)}
    </time>
  );
}
