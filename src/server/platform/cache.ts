// Caches are lru-cache instances with a fetchMethod (bounded, expiring, one load per key at a time). This is the
// one read that also survives a drop: a load overtaken by delete() or clear() is not stored and answers nothing,
// so the reader loads again and sees the new data.
import type { LRUCache } from 'lru-cache';

export async function fetchFresh<K extends {}, V extends {}, FC = unknown>(
  cache: LRUCache<K, V, FC>,
  key: K,
  options: Omit<LRUCache.FetchOptions<K, V, FC>, 'status'> = {} as never,
): Promise<V | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const status: LRUCache.Status<K, V> = {};
    try {
      // the options type depends on FC in a way generic code cannot spell; callers pass what their cache takes
      const value = await (cache as unknown as LRUCache<K, V>).fetch(key, { ...(options as object), status });
      if (value !== undefined || !status.fetchAborted) return value;
    } catch (err) {
      if (!status.fetchAborted) throw err;
    }
  }
  return undefined;
}
