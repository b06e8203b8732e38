// In-memory caches for the resident portal: tenant lookups (including "no such slug") and rendered pages.
import { createHash } from 'node:crypto';

/** A rendered response body with its strong ETag (a hash of the bytes). */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

export function toCachedBody(content: string | Buffer): CachedBody {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim();
    if (tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}

export interface ExpiringCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * A bounded map whose entries live `ttlMs`; concurrent misses for one key share one load, and a
 * load that finishes after its key was dropped is not stored (the drop wins over stale data).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly opts: ExpiringCacheOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The fresh value for a key, without loading. */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt > this.now()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  get(key: string): V | Promise<V> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = this.load(key).then(
      (value) => {
        if (this.loading.get(key) === promise) {
          this.loading.delete(key);
          this.set(key, value);
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  set(key: string, value: V): void {
    this.entries.delete(key); // re-insert so that Map order stays oldest-first
    this.entries.set(key, { value, expiresAt: this.now() + this.opts.ttlMs });
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.loading.clear();
  }
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

export function createViewCache<T>(load: (key: string) => Promise<T | undefined>, now?: () => number) {
  return new ExpiringCache<CachedView<T>>(async (key) => new CachedView<T>((await load(key)) ?? null), {
    ttlMs: PORTAL_CACHE_TTL_MS,
    maxEntries: PORTAL_CACHE_MAX_ENTRIES,
    now,
  });
}
