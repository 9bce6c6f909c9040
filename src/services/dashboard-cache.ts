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
  private entries = new Map<string, Entry<unknown>>();
  /** Bumped by clear(): a load that started before a clear may have read the old data, so it is not kept. */
  private generation = 0;

  /** `maxEntries`: past it the oldest key is dropped (per-filter keys come from what operators type). */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key) as Entry<T> | undefined;
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
    this.generation++;
    this.entries.clear();
  }

  private refresh<T>(key: string, entry: Entry<T>, load: () => Promise<T>): Promise<T> {
    const generation = this.generation;
    const pending = load().then(
      (value) => {
        if (generation === this.generation) this.entries.set(key, { value, loadedAt: performance.now() });
        return value;
      },
      (error) => {
        if (generation !== this.generation) throw error;
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
