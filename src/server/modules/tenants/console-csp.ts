// The staff console's Content-Security-Policy. Fixed, except that img-src also allows the origins of the map tile
// servers: the installation default and every tenant's own, since staff switch tenants without reloading the page.
import { tileOrigins, tileUrlProblem } from '../../../common/map-tiles.ts';
import type { AppDeps } from '../../platform/context.ts';
import { on } from '../../platform/events.ts';
import { listTileUrls } from './tenants.service.ts';

/** Other processes learn of a changed tile URL within this time; this one at once (tenant.changed). */
const CACHE_MS = 60_000;

export function consoleCspWith(imageOrigins: readonly string[]): string {
  const img = ["'self'", 'data:', ...imageOrigins].join(' ');
  return `default-src 'self'; img-src ${img}; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`;
}

export interface ConsoleCsp {
  header(): Promise<string>;
  close(): void;
}

export function createConsoleCsp(deps: Pick<AppDeps, 'config' | 'db' | 'log'>): ConsoleCsp {
  let cached: { value: string; until: number } | null = null;
  let generation = 0;
  const off = on('tenant.changed', () => {
    generation++;
    cached = null;
  });

  const originsOf = (urls: Array<string | null>) => {
    const origins = new Set<string>();
    // every stored URL passed validation; the check keeps a hand-edited row from reaching the header
    for (const url of urls) if (url && !tileUrlProblem(url)) for (const o of tileOrigins(url)) origins.add(o);
    return [...origins].sort();
  };

  return {
    async header() {
      if (cached && cached.until > Date.now()) return cached.value;
      const seen = generation;
      try {
        const value = consoleCspWith(originsOf([deps.config.map.tileUrl, ...(await listTileUrls(deps.db))]));
        if (seen === generation) cached = { value, until: Date.now() + CACHE_MS };
        return value;
      } catch (error) {
        // the console must still load; tenants' tiles stay blocked until the database answers again
        deps.log.warn({ err: error }, 'could not read the map tile URLs for the console CSP');
        return consoleCspWith(originsOf([deps.config.map.tileUrl]));
      }
    },
    close: off,
  };
}
