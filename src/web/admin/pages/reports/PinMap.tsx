// The small map on a report: its pin on the municipality's tiles (none when no tiles are set), not interactive beyond
// panning and zooming.
import '../geo/geo.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { TilesBlockedNotice, useLeafletMap } from '../geo/leafletMap.tsx';
import type { MapTiles } from '../geo/types.ts';

export default function PinMap({ lat, lng, tiles, label }: { lat: number; lng: number; tiles: MapTiles | null; label: string }) {
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const blocked = useLeafletMap(container, mapRef, tiles);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const pin = L.circleMarker([lat, lng], { radius: 9, color: '#a4161a', weight: 3, fillColor: '#a4161a', fillOpacity: 0.5, interactive: false }).addTo(map);
    map.setView([lat, lng], 17);
    return () => {
      pin.remove();
    };
  }, [lat, lng]);

  return (
    <>
      <TilesBlockedNotice blocked={blocked} />
      <section ref={container} className="area-map pin-map" aria-label={label} data-testid="report-pin-map" />
    </>
  );
}
