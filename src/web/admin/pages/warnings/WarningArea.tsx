// Where a warning applies: the whole municipality, chosen streets, or an area drawn on the map (click adds a point;
// the municipality's areas show for orientation). The server checks that a drawn area closes and lies within it.
import type L from 'leaflet';
import { lazy, Suspense, useRef, useState } from 'react';
import { errorUnder, tenantPath } from '../../api.ts';
import { FieldError, TextField } from '../../components/Field.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useMapSettings } from '../geo/TileUrlSetting.tsx';
import type { Area, Position, Street } from '../geo/types.ts';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

// Leaflet loads only when staff draw an area, not with the console's first page
const AreaMap = lazy(() => import('../geo/AreaMap.tsx').then((m) => ({ default: m.AreaMap })));

export type AreaChoice =
  | { kind: 'tenant' }
  | { kind: 'streets'; streetIds: string[] }
  | { kind: 'polygon'; points: Position[]; closed: boolean; description: string };

interface Props {
  slug: string;
  value: AreaChoice;
  onChange: (value: AreaChoice) => void;
  errors: Record<string, string>;
}

export function WarningArea({ slug, value, onChange, errors }: Props) {
  const { t } = useI18n();
  const streets = useLoad<{ items: Street[] }>(value.kind === 'streets' ? tenantPath(slug, '/streets') : null);
  const areas = useLoad<{ items: Area[] }>(value.kind === 'polygon' ? tenantPath(slug, '/areas') : null);
  const map = useMapSettings(slug);
  const mapRef = useRef<L.Map | null>(null);
  const [filter, setFilter] = useState('');
  const kinds = ['tenant', 'streets', 'polygon'] as const;
  const choose = (kind: (typeof kinds)[number]) =>
    onChange(kind === 'tenant' ? { kind } : kind === 'streets' ? { kind, streetIds: [] } : { kind, points: [], closed: false, description: '' });
  const shownStreets = (streets.data?.items ?? []).filter((s) => s.name.toLowerCase().includes(filter.trim().toLowerCase())).slice(0, 200);

  return (
    <Fieldset data-testid="warning-area" legend={t('warnings.field.area')}>
      {kinds.map((k) => (
        <label key={k}>
          <input type="radio" name="warning-area-kind" value={k} checked={value.kind === k} onChange={() => choose(k)} data-testid={`warning-area-${k}`} />{' '}
          {t(`warnings.area.${k}`)}
        </label>
      ))}
      {value.kind === 'streets' ? (
        <div>
          <TextField id="warning-street-filter" label={t('warnings.area.streetFilter')} value={filter} onValue={setFilter} />
          <ul className="plain-list" aria-label={t('warnings.area.streets')}>
            {shownStreets.map((s) => (
              <li key={s.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={value.streetIds.includes(s.id)}
                    onChange={(e) =>
                      onChange({ ...value, streetIds: e.target.checked ? [...value.streetIds, s.id] : value.streetIds.filter((id) => id !== s.id) })
                    }
                  />{' '}
                  {s.name} {s.postcode}
                </label>
              </li>
            ))}
          </ul>
          <p role="status">{t('warnings.area.streetsChosen', { count: value.streetIds.length })}</p>
          <FieldError id="warning-streets-error">{errorUnder(errors, 'area.streetIds')}</FieldError>
        </div>
      ) : null}
      {value.kind === 'polygon' ? (
        <div>
          <p id="warning-map-desc" className="hint">
            {t('warnings.area.drawHelp')}
          </p>
          <Suspense fallback={<Loading />}>
            <AreaMap
              areas={areas.data?.items ?? []}
              draft={value.points}
              closed={value.closed}
              tiles={map.data}
              label={t('warnings.area.mapLabel')}
              describedBy="warning-map-desc"
              onAddVertex={(p) => (value.closed ? undefined : onChange({ ...value, points: [...value.points, p] }))}
              mapRef={mapRef}
            />
          </Suspense>
          <div className="button-row">
            <p role="status" data-testid="warning-draw-status">
              {value.closed ? t('warnings.area.closed', { count: value.points.length }) : t('warnings.area.points', { count: value.points.length })}
            </p>
            <button
              type="button"
              onClick={() => onChange({ ...value, closed: true })}
              data-testid="warning-draw-finish"
              disabled={value.closed || value.points.length < 3}
            >
              {t('warnings.area.finish')}
            </button>
            <button type="button" onClick={() => onChange({ ...value, points: [], closed: false })} disabled={value.points.length === 0}>
              {t('warnings.area.reset')}
            </button>
          </div>
          <FieldError id="warning-polygon-error">{errorUnder(errors, 'area.polygon') ?? errorUnder(errors, 'area')}</FieldError>
          <TextField
            id="warning-area-description"
            label={t('warnings.area.description')}
            hint={t('warnings.optional')}
            value={value.description}
            onChange={(e) => onChange({ ...value, description: e.target.value })}
          />
        </div>
      ) : null}
    </Fieldset>
  );
}

/** The area as the API takes it. */
export function areaInput(value: AreaChoice) {
  if (value.kind === 'tenant') return { kind: 'tenant' as const };
  if (value.kind === 'streets') return { kind: 'streets' as const, streetIds: value.streetIds };
  const ring = value.points.length ? [...value.points, value.points[0]] : [];
  return {
    kind: 'polygon' as const,
    polygon: { type: 'Polygon' as const, coordinates: [ring] },
    ...(value.description.trim() ? { description: value.description.trim() } : {}),
  };
}
