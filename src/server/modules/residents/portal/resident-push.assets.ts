// The two first-party scripts behind "turn on notifications": the service worker (one per portal, with the tenant's
// name and logo put in front) and the settings page's button script. Both are read once when the module loads.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { toCachedBody } from '../../../platform/etag.ts';

const serviceWorkerSource = readFileSync(new URL('./assets/sw.js', import.meta.url), 'utf8');

/** The settings page's script, at one URL for every portal; its hash versions the URL. */
export const pushScript = toCachedBody(readFileSync(new URL('./assets/push.js', import.meta.url)));
export const pushScriptHref = `/assets/push.js?v=${pushScript.etag.slice(1, 11)}`;

// the portal serves only raster logos (an SVG from our origin could carry script)
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** The notification icon: the portal's logo URL (versioned, so a new logo is a new service worker), or null. */
function iconOf(tenant: Pick<TenantRow, 'slug' | 'logo' | 'logoType'>): string | null {
  if (!tenant.logo || !tenant.logoType || !LOGO_TYPES.has(tenant.logoType)) return null;
  const version = createHash('sha256').update(tenant.logo).digest('base64url').slice(0, 10);
  return `/m/${tenant.slug}/logo?v=${version}`;
}

/** A JS literal of plain data: JSON, with `<` escaped so that no value can ever read as markup. */
const literal = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** sw.js for one portal: strict mode and its settings (`const CIVICAST = …;`) in front of the file. */
export function serviceWorkerFor(tenant: Pick<TenantRow, 'slug' | 'name' | 'logo' | 'logoType'>): string {
  return `'use strict';\nconst CIVICAST = ${literal({ name: tenant.name, icon: iconOf(tenant) })};\n${serviceWorkerSource}`;
}
