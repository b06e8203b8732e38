// The map of Meldungen: reports in the visible box as markers coloured and labelled by status (past the server's cap,
// clusters with their count); it asks again after every move or zoom (debounced) and opens a report on click.
// Markers are links for the keyboard too (Leaflet gives them a tab stop; Enter opens the report).
import '../geo/geo.css';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { REPORT_STATUSES } from '../../../../common/states.ts';
import { tenantPath } from '../../api.ts';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { TilesBlockedNotice, useLeafletMap } from '../geo/leafletMap.tsx';
import { useCategoryChoices, useStatusChoices } from './bits.tsx';
import type { MapSettings } from '../geo/types.ts';
import { bboxString, filtersQuery, GERMANY_BBOX, mapQuery, mapStatus, type ReportFilters, STATUS_COLORS } from './format.ts';
import { type ReportMap, type ReportsContext, reportsBase } from './types.ts';

const DEBOUNCE_MS = 300;

/** Leaflet gives a keyboard marker a tab stop and role="button" but answers Enter only with a popup: act as a button. */
function onActivate(marker: L.Marker, act: () => void): L.Marker {
  return marker.on('click', act).on('keypress', (e: L.LeafletEvent) => {
    const key = (e as L.LeafletKeyboardEvent).originalEvent;
    if (key.key === 'Enter' || key.key === ' ') {
      key.preventDefault();
      act();
    }
  });
}

function markerElement(text: string, label: string, color: string, className: string, testId: string, number?: number): HTMLElement {
  const el = document.createElement('span');
  el.className = className;
  el.style.background = color;
  el.textContent = text;
  el.dataset.testid = testId;
  if (number !== undefined) el.dataset.number = String(number);
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = `: ${label}`;
  el.append(hidden);
  return el;
}

export default function ReportMapView({ ctx, filters }: { ctx: ReportsContext; filters: ReportFilters }) {
  const { t, tOr } = useI18n();
  const tiles = useLoad<MapSettings>(tenantPath(ctx.slug, '/map'));
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const blocked = useLeafletMap(container, mapRef, tiles.data);
  const [bbox, setBbox] = useState(GERMANY_BBOX);
  const fitted = useRef(false);
  const statuses = useStatusChoices();
  const categories = useCategoryChoices(ctx.slug);
  const mapChoices = [
    { value: 'open', label: t('reports.map.open') },
    { value: 'all', label: t('reports.map.all') },
  ];
  const filter = useFilterDraft({ status: mapStatus(filters), categoryId: filters.categoryId }, (d) => {
    fitted.current = false;
    navigate(paths.reports(ctx.slug, 'map', filtersQuery({ ...filters, status: d.status === 'open' ? '' : d.status, categoryId: d.categoryId })));
  });
  const data = useLoad<ReportMap>(`${reportsBase(ctx.slug)}/map?${mapQuery(filters, bbox)}`);

  // the markers' layer, and a new box (debounced) after the user moved or zoomed
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const group = L.layerGroup().addTo(map);
    layer.current = group;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const moved = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const b = map.getBounds();
        setBbox(bboxString({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }));
      }, DEBOUNCE_MS);
    };
    map.on('moveend', moved);
    return () => {
      clearTimeout(timer);
      map.off('moveend', moved);
      group.remove();
      layer.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const group = layer.current;
    const m = data.data;
    if (!map || !group || !m) return;
    group.clearLayers();
    for (const p of m.points) {
      const status = tOr(`reports.status.${p.status}`, p.status);
      const label = `${t('reports.number', { number: p.number })}, ${status}${p.overdue ? `, ${t('reports.overdue')}` : ''}`;
      const text = `${p.number} · ${status}${p.overdue ? ' !' : ''}`;
      const icon = L.divIcon({
        className: 'report-marker-icon',
        html: markerElement(text, label, STATUS_COLORS[p.status], 'report-marker', 'report-marker', p.number),
        iconSize: undefined,
      });
      onActivate(L.marker([p.lat, p.lng], { icon, title: label, keyboard: true, riseOnHover: true }), () => navigate(paths.report(ctx.slug, p.id))).addTo(
        group,
      );
    }
    for (const c of m.clusters) {
      const label = t('reports.map.cluster', { count: c.count });
      const icon = L.divIcon({
        className: 'report-marker-icon',
        html: markerElement(String(c.count), label, '#1f2937', 'report-cluster', 'report-cluster'),
        iconSize: undefined,
      });
      onActivate(L.marker([c.lat, c.lng], { icon, title: label, keyboard: true }), () => map.setView([c.lat, c.lng], Math.min(map.getZoom() + 2, 18))).addTo(
        group,
      );
    }
    // the first answer (all of Germany) moves the view to where the reports are; later ones follow the user
    if (!fitted.current) {
      fitted.current = true;
      const bounds = L.latLngBounds([...m.points, ...m.clusters].map((p) => [p.lat, p.lng] as L.LatLngTuple));
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [32, 32], maxZoom: 16 });
    }
  }, [data.data, ctx.slug, t, tOr]);

  return (
    <div data-testid="report-map-view">
      <FilterBar className="report-filters" texts="reports" filter={filter} applyTestId="report-filter">
        <PickerField
          id="report-map-status"
          label={t('reports.col.status')}
          {...filter.field('status')}
          choices={[...mapChoices, ...statuses]}
          testId="report-filter-status"
        />
        <PickerField
          id="report-map-category"
          label={t('reports.col.category')}
          {...filter.field('categoryId')}
          blank={t('reports.any')}
          choices={categories}
          testId="report-filter-category"
        />
      </FilterBar>
      <Problem error={data.error} />
      <p className="hint" id="report-map-hint">
        {t('reports.map.hint')}
      </p>
      <TilesBlockedNotice blocked={blocked} />
      <section
        ref={container}
        className="area-map report-map"
        aria-label={t('reports.map.label')}
        aria-describedby="report-map-hint"
        data-testid="report-map"
      />
      <p role="status" className="hint" data-testid="report-map-total">
        {data.data ? t('reports.map.total', { count: data.data.total }) : data.loading ? t('common.loading') : ''}
      </p>
      <ul className="report-legend" aria-label={t('reports.map.legend')}>
        {REPORT_STATUSES.map((s) => (
          <li key={s}>
            <span className="legend-swatch" style={{ background: STATUS_COLORS[s] }} aria-hidden="true" /> {tOr(`reports.status.${s}`, s)}
          </li>
        ))}
      </ul>
    </div>
  );
}
