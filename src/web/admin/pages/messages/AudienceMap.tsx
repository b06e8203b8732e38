// The municipality's areas on a map for picking an audience: a click on an area adds or removes it (the list of
// checkboxes next to it does the same for keyboard users). Tiles only from the municipality's own setting.
import '../geo/geo.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { areaLatLngs, fitTo, TilesBlockedNotice, textContent, useLeafletMap } from '../geo/leafletMap.tsx';
import type { Area, MapTiles } from '../geo/types.ts';

interface Props {
  areas: Area[];
  selected: string[];
  tiles: MapTiles | null;
  label: string;
  describedBy: string;
  onToggle: (id: string) => void;
}

export default function AudienceMap({ areas, selected, tiles, label, describedBy, onToggle }: Props) {
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const blocked = useLeafletMap(container, mapRef, tiles);
  const group = useRef<L.LayerGroup | null>(null);
  const fitted = useRef<Area[] | null>(null);
  const toggle = useRef(onToggle);
  toggle.current = onToggle;

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const layer = L.layerGroup().addTo(map);
    group.current = layer;
    return () => {
      layer.remove();
      group.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const layer = group.current;
    if (!map || !layer) return;
    layer.clearLayers();
    const polygons = areas.map((a) => {
      const picked = selected.includes(a.id);
      const polygon = L.polygon(areaLatLngs(a), {
        color: picked ? '#b45309' : '#1d4ed8',
        weight: picked ? 4 : 2,
        fillOpacity: picked ? 0.35 : 0.1,
      }).addTo(layer);
      polygon.bindTooltip(textContent(a.name), { permanent: true, direction: 'center' });
      polygon.on('click', () => toggle.current(a.id));
      return polygon;
    });
    if (fitted.current !== areas) fitTo(map, polygons);
    fitted.current = areas;
  }, [areas, selected]);

  return (
    <>
      <TilesBlockedNotice blocked={blocked} />
      <section ref={container} className="audience-map" aria-label={label} aria-describedby={describedBy} data-testid="audience-map" />
    </>
  );
}
