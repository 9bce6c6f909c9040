// The dashboard's stale-while-revalidate cache: one load per key, stale values served while a refresh runs,
// a clear that outranks loads already in flight, and a bound on how many keys it holds.
import { expect, test } from "bun:test";
import { SwrCache } from "../src/services/dashboard-cache.ts";

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

test("concurrent first requests share one load; a fresh value is served without loading", async () => {
  const cache = new SwrCache(60_000);
  const { load, calls } = counter();
  expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
  expect(await cache.get("a", load)).toBe(1);
  expect(calls()).toBe(1);
});

test("a stale value is served at once while one background load replaces it", async () => {
  const cache = new SwrCache(0);
  await cache.get("a", async () => 1);
  let calls = 0;
  let release!: (n: number) => void;
  const slow = () => (calls++, new Promise<number>((resolve) => (release = resolve)));
  await Bun.sleep(1); // older than the TTL of 0
  expect(await cache.get("a", slow)).toBe(1); // stale, served as is
  expect(await cache.get("a", slow)).toBe(1); // still stale: the refresh in flight is not started twice
  expect(calls).toBe(1);
  release(2);
  await Bun.sleep(0);
  expect(await cache.get("a", async () => 3)).toBe(2); // the refresh landed
});

test("a load that started before clear() is not kept", async () => {
  const cache = new SwrCache(60_000);
  let release!: (n: number) => void;
  const slow = cache.get("a", () => new Promise<number>((resolve) => (release = resolve)));
  cache.clear();
  release(1);
  expect(await slow).toBe(1);
  expect(await cache.get("a", async () => 2)).toBe(2);
});

test("maxEntries drops the least recently used key, not all of them", async () => {
  const cache = new SwrCache(60_000, 2);
  await cache.get("a", async () => "a1");
  await cache.get("b", async () => "b1");
  expect(await cache.get("a", async () => "a2")).toBe("a1"); // a is now the most recently used
  await cache.get("c", async () => "c1");
  expect(cache.size).toBe(2);
  expect(await cache.get("a", async () => "a3")).toBe("a1"); // kept
  expect(await cache.get("c", async () => "c2")).toBe("c1"); // kept
  expect(await cache.get("b", async () => "b2")).toBe("b2"); // dropped, loaded again
});

test("a key evicted while loading does not come back when its load settles", async () => {
  const cache = new SwrCache(60_000, 1);
  let release!: (v: string) => void;
  const slow = cache.get("a", () => new Promise<string>((resolve) => (release = resolve)));
  await cache.get("b", async () => "b1"); // evicts "a" while it loads
  release("a1");
  expect(await slow).toBe("a1"); // the caller still gets its value
  expect(cache.size).toBe(1);
  expect(await cache.get("b", async () => "b2")).toBe("b1");
});
