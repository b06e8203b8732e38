// The areas map: Leaflet bundled by Vite (CSS included), no tiles unless staff typed a tile URL; existing areas as
// named polygons and the polygon being drawn (click adds a vertex).
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { type RefObject, useEffect, useRef } from 'react';
import type { Area, Position } from './types.ts';

interface Props {
  areas: Area[];
  draft: Position[];
  closed: boolean;
  tileUrl: string;
  label: string;
  describedBy: string;
  onAddVertex: (p: Position) => void;
  mapRef: RefObject<L.Map | null>;
}

const DEFAULT_CENTER: L.LatLngExpression = [51.16, 10.45];
const toLatLng = ([lng, lat]: Position): L.LatLngTuple => [lat, lng];
const ringsOf = (a: Area): Position[][][] => (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates);

export function AreaMap({ areas, draft, closed, tileUrl, label, describedBy, onAddVertex, mapRef }: Props) {
  const container = useRef<HTMLElement>(null);
  const layers = useRef<{ areas: L.LayerGroup; draft: L.LayerGroup; tiles: L.TileLayer | null } | null>(null);
  const addVertex = useRef(onAddVertex);
  addVertex.current = onAddVertex;

  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, { center: DEFAULT_CENTER, zoom: 6, attributionControl: false, doubleClickZoom: false });
    layers.current = { areas: L.layerGroup().addTo(map), draft: L.layerGroup().addTo(map), tiles: null };
    map.on('click', (e: L.LeafletMouseEvent) => addVertex.current([Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6]));
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      layers.current = null;
    };
  }, [mapRef]);

  // tiles only from the URL staff typed; without one the map is a plain background
  useEffect(() => {
    const map = mapRef.current;
    const l = layers.current;
    if (!map || !l) return;
    l.tiles?.remove();
    l.tiles = tileUrl ? L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map) : null;
  }, [tileUrl, mapRef]);

  useEffect(() => {
    const map = mapRef.current;
    const l = layers.current;
    if (!map || !l) return;
    l.areas.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const a of areas) {
      const polygon = L.polygon(
        ringsOf(a).map((rings) => rings.map((ring) => ring.map(toLatLng))),
        { color: '#1d4ed8', weight: 2, fillOpacity: 0.15, interactive: false },
      ).addTo(l.areas);
      polygon.bindTooltip(a.name, { permanent: true, direction: 'center' });
      bounds.extend(polygon.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }, [areas, mapRef]);

  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.draft.clearLayers();
    const points = draft.map(toLatLng);
    for (const p of points) L.circleMarker(p, { radius: 5, color: '#b91c1c', weight: 2, fillOpacity: 1, interactive: false }).addTo(l.draft);
    if (points.length > 1) {
      const style = { color: '#b91c1c', weight: 2, interactive: false, dashArray: closed ? undefined : '6 4' };
      (closed ? L.polygon(points, { ...style, fillOpacity: 0.2 }) : L.polyline(points, style)).addTo(l.draft);
    }
  }, [draft, closed]);

  return <section ref={container} className="area-map" aria-label={label} aria-describedby={describedBy} data-testid="areas-map" />;
}
