// The Leaflet set-up both maps share (Leaflet and its CSS bundled by Vite): the map in a container, tiles only when a
// tile URL is configured (else a plain background and nothing loaded from elsewhere) with their attribution, and a
// notice when the browser's CSP blocks the tiles (the URL changed after this page was loaded).
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { TILE_SUBDOMAINS, tileOrigins, tileUrlProblem } from '../../../../common/map-tiles.ts';
import { useI18n } from '../../i18n.tsx';
import type { Area, MapTiles, Position } from './types.ts';

const DEFAULT_CENTER: L.LatLngExpression = [51.16, 10.45];
export const toLatLng = ([lng, lat]: Position): L.LatLngTuple => [lat, lng];
export const toPosition = (p: L.LatLng): Position => [Math.round(p.lng * 1e6) / 1e6, Math.round(p.lat * 1e6) / 1e6];

/** An area's polygons as Leaflet reads them (rings of [lat, lng]). */
export const areaLatLngs = (a: Area): L.LatLngTuple[][][] =>
  (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates).map((rings) => rings.map((ring) => ring.map(toLatLng)));

/** Tooltip content as text nodes: Leaflet puts a string tooltip in as HTML, and area names are typed by staff. */
export function textContent(...lines: string[]): HTMLElement {
  const el = document.createElement('span');
  lines.forEach((line, i) => {
    if (i > 0) el.append(document.createElement('br'));
    el.append(line);
  });
  return el;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Fits the view to the layers, if there are any. */
export function fitTo(map: L.Map, layers: L.Polygon[]) {
  const bounds = L.latLngBounds([]);
  for (const layer of layers) bounds.extend(layer.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
}

/**
 * Creates the map in `container` (into `mapRef`) and keeps its tiles current. Call it before the effects that draw
 * on the map: effects run in order, so the map exists when they do. Returns whether the browser blocked the tiles.
 */
export function useLeafletMap(
  container: RefObject<HTMLElement | null>,
  mapRef: RefObject<L.Map | null>,
  tiles: MapTiles | null,
  onClick?: (p: Position) => void,
): boolean {
  const click = useRef(onClick);
  click.current = onClick;
  const [blocked, setBlocked] = useState(false);
  const tileUrl = tiles?.tileUrl ?? null;
  const attribution = tiles?.attribution ?? null;

  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, { center: DEFAULT_CENTER, zoom: 6, attributionControl: false, doubleClickZoom: false });
    map.on('click', (e: L.LeafletMouseEvent) => click.current?.(toPosition(e.latlng)));
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, [container, mapRef]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const control = attribution ? L.control.attribution({ prefix: false }).addTo(map) : null;
    const layer = L.tileLayer(tileUrl, { maxZoom: 19, subdomains: [...TILE_SUBDOMAINS], attribution: attribution ? escapeHtml(attribution) : undefined }).addTo(
      map,
    );
    return () => {
      layer.remove();
      control?.remove();
    };
  }, [tileUrl, attribution, mapRef]);

  useEffect(() => {
    setBlocked(false);
    if (!tileUrl || tileUrlProblem(tileUrl)) return;
    const origins = tileOrigins(tileUrl);
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      if (origins.some((o) => e.blockedURI.startsWith(o))) setBlocked(true);
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, [tileUrl]);

  return blocked;
}

/** Shown instead of silently missing tiles: the page allows a tile server only from the next load on. */
export function TilesBlockedNotice({ blocked }: { blocked: boolean }) {
  const { t } = useI18n();
  if (!blocked) return null;
  return (
    <div className="alert alert-info" role="status">
      <p>
        {t('geo.tiles.blocked')}{' '}
        <button type="button" className="button-small" onClick={() => window.location.reload()}>
          {t('geo.tiles.reload')}
        </button>
      </p>
    </div>
  );
}
