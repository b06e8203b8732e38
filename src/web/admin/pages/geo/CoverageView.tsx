// Abdeckung: registered residents against population per street and area, lowest share first, so staff know where to
// recruit; the areas also on a map above the table (the table is the accessible version and the only one for streets).
import './geo.css';
import { lazy, Suspense } from 'react';
import { tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useMapSettings } from './TileUrlSetting.tsx';
import type { Area, Coverage, GeoContext } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

// the map bundles Leaflet, so it loads only when this view is opened
const CoverageMap = lazy(() => import('./CoverageMap.tsx'));

export function ShareBar({ share }: { share: number | null }) {
  if (share === null) return null;
  const width = Math.min(100, Math.max(0, share * 100));
  return (
    <span className="share-bar" aria-hidden="true">
      <span style={{ width: `${width}%` }} />
    </span>
  );
}

export function CoverageView({ ctx }: { ctx: GeoContext }) {
  const { t, locale } = useI18n();
  const coverage = useLoad<Coverage>(tenantPath(ctx.slug, '/coverage'));
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));
  const map = useMapSettings(ctx.slug);
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE');
  const percent = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'percent', maximumFractionDigits: 1 });
  const pct = (share: number | null) => (share === null ? t('geo.coverage.unknown') : percent.format(share));
  const data = coverage.data;

  return (
    <>
      <p>{t('geo.coverage.intro')}</p>
      <Problem error={coverage.error} />
      {coverage.loading ? <Loading /> : null}
      {data ? (
        <>
          <dl className="facts" data-testid="coverage-totals">
            <dt>{t('geo.coverage.totalRegistered')}</dt>
            <dd>{number.format(data.totals.registered)}</dd>
            <dt>{t('geo.coverage.totalPopulation')}</dt>
            <dd>{data.totals.population === null ? t('geo.coverage.unknown') : number.format(data.totals.population)}</dd>
            <dt>{t('geo.coverage.totalShare')}</dt>
            <dd>
              {pct(data.totals.share)}
              <ShareBar share={data.totals.share} />
            </dd>
          </dl>
          <h3>{t('geo.coverage.mapHeading')}</h3>
          <p id="coverage-map-desc" className="hint">
            {t('geo.coverage.mapHint')}
          </p>
          {areas.data && areas.data.items.length > 0 && !map.loading ? (
            <Suspense fallback={<Loading />}>
              <CoverageMap areas={areas.data.items} rows={data.items} tiles={map.data} />
            </Suspense>
          ) : null}
          {areas.data && areas.data.items.length === 0 ? <p>{t('geo.coverage.noAreas')}</p> : null}
          <DataTable
            caption={t('geo.coverage.caption')}
            captionVisible
            testId="coverage-table"
            rows={data.items}
            rowKey={(row) => `${row.kind}-${row.id}`}
            rowTestId="coverage-row"
            empty={t('geo.coverage.empty')}
            columns={[
              { key: 'place', header: t('geo.coverage.col.place'), rowHeader: true, cell: (row) => <PlaceName place={row} /> },
              {
                key: 'kind',
                header: t('geo.coverage.col.kind'),
                cell: (row) => t(row.kind === 'street' ? 'geo.coverage.kind.street' : 'geo.coverage.kind.area'),
              },
              { key: 'registered', header: t('geo.coverage.col.registered'), className: 'num', cell: (row) => number.format(row.registered) },
              {
                key: 'population',
                header: t('geo.coverage.col.population'),
                className: 'num',
                cell: (row) => (row.population === null ? t('geo.coverage.unknown') : number.format(row.population)),
              },
              {
                key: 'share',
                header: t('geo.coverage.col.share'),
                cell: (row) => (
                  <>
                    {pct(row.share)}
                    <ShareBar share={row.share} />
                  </>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </>
  );
}

/** A street or an area by name, with its postcode where it has one. */
function PlaceName({ place }: { place: Coverage['items'][number] }) {
  return (
    <>
      {place.name}
      {place.postcode ? <span className="hint"> · {place.postcode}</span> : null}
    </>
  );
}
