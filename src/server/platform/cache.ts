// Caches are lru-cache instances with a fetchMethod (bounded, expiring, one load per key at a time). This is the
// one read that also survives a drop: a load overtaken by delete() or clear() is not stored and answers nothing,
// so the reader loads again and sees the new data.
import type { LRUCache } from 'lru-cache';

export async function fetchFresh<K extends {}, V extends {}>(cache: LRUCache<K, V>, key: K): Promise<V | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const status: LRUCache.Status<K, V> = {};
    try {
      const value = await cache.fetch(key, { status });
      if (value !== undefined || !status.fetchAborted) return value;
    } catch (err) {
      if (!status.fetchAborted) throw err;
    }
  }
  return undefined;
}
