// Leaflet and the report pages' own script, served from our origin (no third-party request ever): read once when the
// module loads. Leaflet's files sit under its version, so they are immutable; the page script's hash versions its URL.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CachedBody, sendWithEtag, toCachedBody } from '../../platform/etag.ts';

const require = createRequire(import.meta.url);
const leafletDir = path.join(path.dirname(require.resolve('leaflet/package.json')), 'dist');
const LEAFLET_VERSION = (JSON.parse(readFileSync(require.resolve('leaflet/package.json'), 'utf8')) as { version: string }).version;
const base = `/m/assets/leaflet/${LEAFLET_VERSION}`;

const IMAGES = ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png'] as const;

interface Asset {
  body: CachedBody;
  type: string;
}

const leaflet: Record<string, Asset> = {
  'leaflet.js': { body: toCachedBody(readFileSync(path.join(leafletDir, 'leaflet.js'))), type: 'application/javascript; charset=utf-8' },
  'leaflet.css': { body: toCachedBody(readFileSync(path.join(leafletDir, 'leaflet.css'))), type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(
    IMAGES.map((name) => [`images/${name}`, { body: toCachedBody(readFileSync(path.join(leafletDir, 'images', name))), type: 'image/png' }]),
  ),
};

const script = toCachedBody(readFileSync(new URL('./assets/portal-reports.js', import.meta.url)));

export const leafletJsHref = `${base}/leaflet.js`;
export const leafletCssHref = `${base}/leaflet.css`;
export const reportsScriptHref = `/m/assets/reports.js?v=${script.etag.slice(1, 11)}`;

const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function reportAssetRoutes(app: FastifyInstance): Promise<void> {
  const send = (req: FastifyRequest, res: FastifyReply, asset: Asset, cacheControl: string) =>
    sendWithEtag(req, res, asset.body, asset.type, {
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    });

  app.get(`${base}/*`, { schema: { hide: true } }, async (req, res) => {
    const name = (req.params as { '*': string })['*'];
    const asset = Object.hasOwn(leaflet, name) ? leaflet[name] : undefined;
    if (!asset) return res.code(404).type('text/plain; charset=utf-8').send('Not found');
    return send(req, res, asset, IMMUTABLE);
  });

  app.get('/m/assets/reports.js', { schema: { hide: true } }, async (req, res) => {
    const versioned = (req.query as { v?: unknown }).v === script.etag.slice(1, 11);
    return send(req, res, { body: script, type: 'application/javascript; charset=utf-8' }, versioned ? IMMUTABLE : 'no-cache');
  });
}
