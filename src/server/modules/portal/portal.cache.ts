// In-memory caches for the resident portal (lru-cache): tenant lookups (including "no such slug") and rendered pages.
import { LRUCache } from 'lru-cache';
import { fetchFresh } from '../../platform/cache.ts';
import { type CachedBody, toCachedBody } from '../../platform/etag.ts';

export interface ViewCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** A bounded, expiring cache of views (lru-cache): concurrent misses for one key share one load. */
export interface ViewCache<T> {
  get(key: string): Promise<CachedView<T>>;
  /** The fresh view for a key, without loading. */
  peek(key: string): CachedView<T> | undefined;
  /** Drops the key; a load still running for it is not stored (the drop wins over stale data). */
  delete(key: string): void;
  /** Drops every key that starts with `prefix` (e.g. one tenant's entries). */
  deletePrefix(prefix: string): void;
  clear(): void;
  readonly size: number;
}

/**
 * What the portal knows about one key for a few seconds: the loaded data (null when there is none,
 * e.g. an unknown slug) and every body rendered from it, so a cache hit never touches the database.
 */
export class CachedView<T> {
  private readonly bodies = new Map<string, CachedBody>();

  constructor(readonly data: T | null) {}

  /** The body cached under `key`, rendered on first use. */
  body(key: string, render: () => string | Buffer): CachedBody {
    let hit = this.bodies.get(key);
    if (!hit) {
      hit = toCachedBody(render());
      this.bodies.set(key, hit);
    }
    return hit;
  }
}

export const PORTAL_CACHE_TTL_MS = 5_000;
export const PORTAL_CACHE_MAX_ENTRIES = 10_000;

export function createViewCache<T>(load: (key: string) => Promise<T | undefined>, opts: ViewCacheOptions = {}): ViewCache<T> {
  // keys() skips loads in flight: deletePrefix must drop those too, so that the drop wins over their stale data
  const loading = new Map<string, number>();
  const cache = new LRUCache<string, CachedView<T>>({
    max: opts.maxEntries ?? PORTAL_CACHE_MAX_ENTRIES,
    ttl: opts.ttlMs ?? PORTAL_CACHE_TTL_MS,
    ...(opts.now ? { perf: { now: opts.now }, ttlResolution: 0 } : {}),
    fetchMethod: async (key) => {
      loading.set(key, (loading.get(key) ?? 0) + 1);
      try {
        return new CachedView<T>((await load(key)) ?? null);
      } finally {
        const left = (loading.get(key) ?? 1) - 1;
        if (left > 0) loading.set(key, left);
        else loading.delete(key);
      }
    },
  });
  return {
    async get(key) {
      const view = await fetchFresh(cache, key);
      if (view) return view;
      return new CachedView<T>((await load(key)) ?? null);
    },
    peek: (key) => cache.get(key),
    delete: (key) => void cache.delete(key),
    deletePrefix(prefix) {
      for (const key of [...cache.keys(), ...loading.keys()]) if (key.startsWith(prefix)) cache.delete(key);
    },
    clear: () => cache.clear(),
    get size() {
      return cache.size;
    },
  };
}
