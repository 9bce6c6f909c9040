// A tiny stale-while-revalidate cache: dashboard aggregates are served from memory and refreshed in the background.

interface Entry<T> {
  value?: T;
  loadedAt: number;
  pending?: Promise<T>;
}

/**
 * Keeps one value per key. A fresh value (younger than ttlMs) is returned as is; an older one is returned
 * at once while a single background load replaces it; only the very first request for a key waits.
 * So a page never pays for a full-table aggregate after warm-up, and numbers lag writes by ≤ ttlMs.
 */
export class SwrCache {
  /** In order of last use: the first key is the least recently used one. */
  private entries = new Map<string, Entry<unknown>>();

  /** `maxEntries`: past it the least recently used key is dropped (per-filter keys come from what operators type). */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry) this.use(key, entry);
    if (entry && "value" in entry) {
      if (performance.now() - entry.loadedAt > this.ttlMs && !entry.pending) {
        this.refresh(key, entry, load).catch(() => {});
      }
      return entry.value as T;
    }
    if (entry?.pending) return entry.pending;
    return this.refresh(key, entry ?? { loadedAt: 0 }, load);
  }

  /** How many keys are held. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops everything (after a dashboard write, so the operator sees their own change). */
  clear(): void {
    this.entries.clear();
  }

  /** Moves a key to the most recently used end. */
  private use(key: string, entry: Entry<unknown>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private refresh<T>(key: string, entry: Entry<T>, load: () => Promise<T>): Promise<T> {
    // A load settles into the cache only while it is still the key's load: after a clear() (it may have read
    // the old data) or an eviction, another load owns the key, or nobody does.
    const current = () => this.entries.get(key)?.pending === pending;
    const pending: Promise<T> = load().then(
      (value) => {
        if (current()) this.entries.set(key, { value, loadedAt: performance.now() });
        return value;
      },
      (error) => {
        if (!current()) throw error;
        // Keep serving the previous value if there is one; the next request retries.
        if ("value" in entry) this.entries.set(key, { value: entry.value, loadedAt: entry.loadedAt });
        else this.entries.delete(key);
        throw error;
      },
    );
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { ...entry, pending });
    return pending;
  }
}
