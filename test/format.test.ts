// Human dates and the overview's failure-rate threshold: pure functions, checked at their boundaries.
import { expect, test } from "bun:test";
import { relativeTime } from "../views/components/format.ts";
import { failureRateTone } from "../views/pages/overview.tsx";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const ago = (seconds: number) => relativeTime(new Date(NOW - seconds * 1000), NOW);
const DAY = 86_400;

test("relative dates never say '1 months' or '0 years', and plural only when more than one", () => {
  expect(ago(10)).toBe("just now");
  expect(ago(DAY)).toBe("1 day ago");
  expect(ago(30 * DAY)).toBe("30 days ago");
  expect(ago(44 * DAY)).toBe("44 days ago");
  expect(ago(45 * DAY)).toBe("2 months ago");
  expect(ago(200 * DAY)).toBe("7 months ago");
  expect(ago(344 * DAY)).toBe("11 months ago");
  expect(ago(345 * DAY)).toBe("1 year ago");
  expect(ago(800 * DAY)).toBe("2 years ago");
  expect(relativeTime(new Date(NOW + 50 * DAY * 1000), NOW)).toBe("in 2 months");
  for (let d = 1; d < 3000; d += 1) expect(ago(d * DAY)).not.toMatch(/\b(1 (months|years|days)|0 \w+)\b/);
});

test("'Compiles · 24 h' turns red only above a 5 % failure rate", () => {
  expect(failureRateTone(0, 0)).toBeUndefined();
  expect(failureRateTone(100, 5)).toBeUndefined();
  expect(failureRateTone(100, 6)).toBe("bad");
  expect(failureRateTone(3, 1)).toBe("bad");
});
