// Coverage on the map: each area coloured by its share of registered residents (five classes from red to green, grey
// while the population is unknown), a text legend and tooltips with the numbers. Streets have no outline, so they
// appear in the table only. Loaded lazily: it bundles Leaflet.
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n.tsx';
import { areaLatLngs, fitTo, TilesBlockedNotice, textContent, useLeafletMap } from './leafletMap.tsx';
import type { Area, CoverageRow, MapTiles } from './types.ts';

/** Upper bounds of the share classes (the last is open); colours from ColorBrewer RdYlGn, red = few registered. */
export const SHARE_CLASSES: ReadonlyArray<{ below: number; color: string }> = [
  { below: 0.05, color: '#d7191c' },
  { below: 0.1, color: '#fdae61' },
  { below: 0.2, color: '#ffffbf' },
  { below: 0.4, color: '#a6d96a' },
  { below: Number.POSITIVE_INFINITY, color: '#1a9641' },
];
export const UNKNOWN_COLOR = '#9ca3af';

export const shareColor = (share: number | null) => (share === null ? UNKNOWN_COLOR : (SHARE_CLASSES.find((c) => share < c.below) ?? SHARE_CLASSES[4]).color);

interface Props {
  areas: Area[];
  rows: CoverageRow[];
  tiles: MapTiles | null;
}

export default function CoverageMap({ areas, rows, tiles }: Props) {
  const { t, locale } = useI18n();
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const blocked = useLeafletMap(container, mapRef, tiles);
  const tag = locale === 'en' ? 'en-GB' : 'de-DE';
  const number = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });

  const describe = (row: CoverageRow | undefined) => {
    if (!row || row.population === null || row.share === null) return t('geo.coverage.tooltipUnknown', { registered: number.format(row?.registered ?? 0) });
    return t('geo.coverage.tooltip', {
      registered: number.format(row.registered),
      population: number.format(row.population),
      share: percent.format(row.share),
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the texts follow the locale, which describe() reads
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const byId = new Map(rows.filter((r) => r.kind === 'area').map((r) => [r.id, r]));
    const group = L.layerGroup().addTo(map);
    const polygons = areas.map((a) => {
      const row = byId.get(a.id);
      const polygon = L.polygon(areaLatLngs(a), {
        color: '#1f2937',
        weight: 1.5,
        fillColor: shareColor(row?.share ?? null),
        fillOpacity: 0.6,
        interactive: false,
      }).addTo(group);
      polygon.bindTooltip(textContent(a.name, describe(row)), { permanent: true, direction: 'center', className: 'coverage-tooltip' });
      return polygon;
    });
    fitTo(map, polygons);
    return () => {
      group.remove();
    };
  }, [areas, rows, locale]);

  const bound = (x: number) => percent.format(x);
  const legend = SHARE_CLASSES.map((c, i) => {
    const from = i === 0 ? null : SHARE_CLASSES[i - 1].below;
    const label =
      from === null
        ? t('geo.coverage.legend.below', { to: bound(c.below) })
        : Number.isFinite(c.below)
          ? t('geo.coverage.legend.range', { from: bound(from), to: bound(c.below) })
          : t('geo.coverage.legend.atLeast', { from: bound(from) });
    return { color: c.color, label };
  });
  legend.push({ color: UNKNOWN_COLOR, label: t('geo.coverage.legend.unknown') });

  return (
    <>
      <TilesBlockedNotice blocked={blocked} />
      <section ref={container} className="area-map" aria-label={t('geo.coverage.mapLabel')} aria-describedby="coverage-map-desc" data-testid="coverage-map" />
      <figure className="map-legend" data-testid="coverage-legend">
        <figcaption>{t('geo.coverage.legend.title')}</figcaption>
        <ul>
          {legend.map((l) => (
            <li key={l.label}>
              <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      </figure>
    </>
  );
}
