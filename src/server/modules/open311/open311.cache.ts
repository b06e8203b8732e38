// Lists of service requests as sent (JSON or XML), per municipality, query and format, for a few seconds. Integrators
// poll the same 90-day list again and again; building it (a thousand entries in SQL, then XML) is the route's whole
// cost. A report filed or changed in this process drops the municipality's lists at once; the TTL bounds how old a
// list from another process's change (a worker polling a back office) can be.
import { LRUCache } from 'lru-cache';
import { fetchFresh } from '../../platform/cache.ts';
import { on } from '../../platform/events.ts';

export const REQUEST_LIST_TTL_MS = 5_000;

export interface RequestListCache {
  /** The cached body for `key` (which starts with `${tenantId}|`), or the one `load` builds. */
  get(key: string, load: () => Promise<string>): Promise<string>;
  close(): void;
}

export function createRequestListCache(opts: { ttlMs?: number; maxEntries?: number } = {}): RequestListCache {
  const cache = new LRUCache<string, string, () => Promise<string>>({
    max: opts.maxEntries ?? 500,
    ttl: opts.ttlMs ?? REQUEST_LIST_TTL_MS,
    // a list of a thousand requests is ~1 MB of XML: bound the bytes, not only the entries
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (body) => Math.max(1, body.length),
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  const dropTenant = ({ tenantId }: { tenantId: string }) => {
    for (const key of cache.keys()) if (key.startsWith(`${tenantId}|`)) cache.delete(key);
  };
  const offs = [on('reports.filed', dropTenant), on('reports.changed', dropTenant), on('tenant.changed', dropTenant)];
  return {
    async get(key, load) {
      return (await fetchFresh(cache, key, { context: load })) ?? load();
    },
    close() {
      for (const off of offs) off();
      cache.clear();
    },
  };
}
