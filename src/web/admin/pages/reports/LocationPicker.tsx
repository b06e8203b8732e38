// Where a report filed by hand is: a click on the map sets the pin (the municipality's areas drawn faintly for
// orientation); keyboard users type the coordinates or pick an address from the search next to the map.
import '../geo/geo.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { tenantPath } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { areaLatLngs, fitTo, TilesBlockedNotice, useLeafletMap } from '../geo/leafletMap.tsx';
import type { Area, MapSettings } from '../geo/types.ts';

interface Props {
  slug: string;
  lat: number | null;
  lng: number | null;
  label: string;
  describedBy: string;
  onPick: (lat: number, lng: number) => void;
}

export default function LocationPicker({ slug, lat, lng, label, describedBy, onPick }: Props) {
  const tiles = useLoad<MapSettings>(tenantPath(slug, '/map'));
  const areas = useLoad<{ items: Area[] }>(tenantPath(slug, '/areas'));
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const blocked = useLeafletMap(container, mapRef, tiles.data, ([x, y]) => onPick(y, x));
  const fitted = useRef(false);
  const pinned = useRef(lat !== null);
  pinned.current = lat !== null;

  useEffect(() => {
    const map = mapRef.current;
    const items = areas.data?.items;
    if (!map || !items) return;
    const polygons = items.map((a) => L.polygon(areaLatLngs(a), { color: '#1d4ed8', weight: 1, fillOpacity: 0.05, interactive: false }).addTo(map));
    // the town comes into view once; a pin already set keeps its own view
    if (!fitted.current && !pinned.current) fitTo(map, polygons);
    fitted.current = true;
    return () => {
      for (const p of polygons) p.remove();
    };
  }, [areas.data]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || lat === null || lng === null) return;
    const pin = L.circleMarker([lat, lng], { radius: 9, color: '#a4161a', weight: 3, fillColor: '#a4161a', fillOpacity: 0.5, interactive: false }).addTo(map);
    if (!map.getBounds().contains([lat, lng])) map.setView([lat, lng], Math.max(map.getZoom(), 16));
    return () => {
      pin.remove();
    };
  }, [lat, lng]);

  return (
    <>
      <TilesBlockedNotice blocked={blocked} />
      <section ref={container} className="area-map pin-map-large" aria-label={label} aria-describedby={describedBy} data-testid="report-location-map" />
    </>
  );
}
