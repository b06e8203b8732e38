// The areas map: existing areas as named polygons (the one being edited stands out) and the polygon being drawn
// (click adds a vertex); tiles and attribution as configured for the municipality (leafletMap.tsx).
import L from 'leaflet';
import { type RefObject, useEffect, useRef } from 'react';
import { areaLatLngs, fitTo, TilesBlockedNotice, textContent, toLatLng, useLeafletMap } from './leafletMap.tsx';
import type { Area, MapTiles, Position } from './types.ts';

interface Props {
  areas: Area[];
  draft: Position[];
  closed: boolean;
  tiles: MapTiles | null;
  /** The area being edited: drawn dashed so a new outline can be traced over it. */
  highlightId?: string | null;
  label: string;
  describedBy: string;
  onAddVertex: (p: Position) => void;
  mapRef: RefObject<L.Map | null>;
}

export function AreaMap({ areas, draft, closed, tiles, highlightId = null, label, describedBy, onAddVertex, mapRef }: Props) {
  const container = useRef<HTMLElement>(null);
  const blocked = useLeafletMap(container, mapRef, tiles, onAddVertex);
  const layers = useRef<{ areas: L.LayerGroup; draft: L.LayerGroup } | null>(null);
  const fitted = useRef<Area[] | null>(null);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const groups = { areas: L.layerGroup().addTo(map), draft: L.layerGroup().addTo(map) };
    layers.current = groups;
    return () => {
      groups.areas.remove();
      groups.draft.remove();
      layers.current = null;
    };
  }, [mapRef]);

  useEffect(() => {
    const map = mapRef.current;
    const l = layers.current;
    if (!map || !l) return;
    l.areas.clearLayers();
    const polygons = areas.map((a) => {
      const editing = a.id === highlightId;
      const polygon = L.polygon(areaLatLngs(a), {
        color: editing ? '#b45309' : '#1d4ed8',
        weight: editing ? 3 : 2,
        dashArray: editing ? '6 4' : undefined,
        fillOpacity: 0.15,
        interactive: false,
      }).addTo(l.areas);
      polygon.bindTooltip(textContent(a.name), { permanent: true, direction: 'center' });
      return polygon;
    });
    // a new list of areas moves the view; starting to edit one does not
    if (fitted.current !== areas) fitTo(map, polygons);
    fitted.current = areas;
  }, [areas, highlightId, mapRef]);

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

  return (
    <>
      <TilesBlockedNotice blocked={blocked} />
      <section ref={container} className="area-map" aria-label={label} aria-describedby={describedBy} data-testid="areas-map" />
    </>
  );
}
