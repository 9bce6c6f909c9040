// Number, size, duration and date formatting shared by the dashboard views (one locale: en-US).

const int = new Intl.NumberFormat("en-US");

export const fmtInt = (n: number | null | undefined) => (n == null ? "—" : int.format(Math.round(n)));

export function fmtBytes(n: number | null | undefined): string {
  if (n == null) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function fmtMs(n: number | null | undefined): string {
  if (n == null) return "—";
  return n < 10 ? `${n.toFixed(2)} ms` : n < 1000 ? `${n.toFixed(1)} ms` : `${(n / 1000).toFixed(2)} s`;
}

export const fmtPct = (n: number | null | undefined) => (n == null ? "—" : `${n.toFixed(n >= 99.95 || n < 10 ? 1 : 0)}%`);

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "3 min ago" style text; the client keeps it current, the title carries the exact time. */
export function relativeTime(date: Date, now = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const phrase =
    s < 45 ? "just now"
    : s < 90 ? "1 min"
    : s < 3600 ? `${Math.round(s / 60)} min`
    : s < 5400 ? "1 hour"
    : s < 86_400 ? `${Math.round(s / 3600)} hours`
    : s < 172_800 ? "1 day"
    : s < 45 * 86_400 ? `${Math.round(s / 86_400)} days`
    : s < 345 * 86_400 ? plural(Math.max(2, Math.round(s / (30.4375 * 86_400))), "month")
    : plural(Math.max(1, Math.round(s / (365.25 * 86_400))), "year");
  if (phrase === "just now") return phrase;
  return future ? `in ${phrase}` : `${phrase} ago`;
}

export const exactTime = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;

export const shortId = (id: string) => id.slice(0, 8);
