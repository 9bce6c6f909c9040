// Fixed-window counters per key (an IP, a scene), in memory: cheap enough for every request, bounded
// in size so a flood of distinct keys cannot grow it without limit. Per process: N instances allow N×.

export interface RateLimiter {
  /** Counts one hit for `key`; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string): number;
  /** Seconds until `key` may hit again (0 when it may now), without counting. */
  blockedFor(key: string): number;
  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  function current(key: string, now: number) {
    const w = windows.get(key);
    if (w && now - w.start < options.windowMs) return w;
    return null;
  }

  const secondsLeft = (start: number, now: number) => Math.max(1, Math.ceil((start + options.windowMs - now) / 1000));

  return {
    hit(key) {
      const now = Date.now();
      let w = current(key, now);
      if (!w) {
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start: now, count: 0 };
        windows.delete(key);
        windows.set(key, w);
      }
      w.count++;
      return w.count > options.limit ? secondsLeft(w.start, now) : 0;
    },
    blockedFor(key) {
      const now = Date.now();
      const w = current(key, now);
      return w && w.count >= options.limit ? secondsLeft(w.start, now) : 0;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
