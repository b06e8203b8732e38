// Gebiete: areas on a map (click-to-add-vertex drawing) and in a table with registered residents; GeoJSON import; delete.
import './geo.css';
import type L from 'leaflet';
import { type FormEvent, useRef, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { AreaMap } from './AreaMap.tsx';
import { AreasImport } from './AreasImport.tsx';
import { TileUrlSetting, useTileUrl } from './TileUrlSetting.tsx';
import type { Area, Coverage, GeoContext, Position } from './types.ts';

export default function AreasView({ ctx }: { ctx: GeoContext }) {
  const { t } = useI18n();
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));
  const coverage = useLoad<Coverage>(tenantPath(ctx.slug, '/coverage'));
  const [tileUrl, setTileUrl] = useTileUrl();
  const mapRef = useRef<L.Map | null>(null);
  const [draft, setDraft] = useState<Position[]>([]);
  const [closed, setClosed] = useState(false);
  const [form, setForm] = useState({ name: '', population: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = fieldErrorMap(error);
  const geometryError = Object.entries(errors).find(([k]) => k.startsWith('geometry'))?.[1];
  const registered = new Map((coverage.data?.items ?? []).filter((r) => r.kind === 'area').map((r) => [r.id, r.registered]));

  const reloadAll = () => {
    areas.reload();
    coverage.reload();
  };
  const addVertex = (p: Position) => {
    if (!ctx.canManage || closed) return;
    setDraft((d) => [...d, p]);
  };
  const addCenter = () => {
    const c = mapRef.current?.getCenter();
    if (c) addVertex([Math.round(c.lng * 1e6) / 1e6, Math.round(c.lat * 1e6) / 1e6]);
  };
  const reset = () => {
    setDraft([]);
    setClosed(false);
    setError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const pop = form.population.trim();
    const body = { name: form.name.trim(), geometry: { type: 'Polygon', coordinates: [[...draft, draft[0]]] }, population: pop === '' ? undefined : Number(pop) };
    try {
      await api.post(tenantPath(ctx.slug, '/areas'), body);
      setDone(t('geo.areas.saved', { name: body.name }));
      setForm({ name: '', population: '' });
      reset();
      reloadAll();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (a: Area) => {
    if (!window.confirm(t('geo.areas.confirmDelete', { name: a.name }))) return;
    setError(null);
    setDone(null);
    try {
      await api.del(tenantPath(ctx.slug, `/areas/${a.id}`));
      setDone(t('geo.areas.deleted', { name: a.name }));
      reloadAll();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <p>{t('geo.areas.intro')}</p>
      <TileUrlSetting value={tileUrl} onChange={setTileUrl} />
      <p id="areas-map-desc" className="hint">
        {t('geo.areas.mapDescription', { count: areas.data?.items.length ?? 0 })} {ctx.canManage ? t('geo.areas.drawHelp') : null}
      </p>
      <AreaMap areas={areas.data?.items ?? []} draft={draft} closed={closed} tileUrl={tileUrl} label={t('geo.areas.mapLabel')} describedBy="areas-map-desc" onAddVertex={addVertex} mapRef={mapRef} />
      {ctx.canManage ? (
        <div className="button-row">
          <p role="status" data-testid="area-draw-status">
            {closed ? t('geo.areas.closedStatus', { count: draft.length }) : t('geo.areas.vertexStatus', { count: draft.length })}
          </p>
          <button type="button" onClick={addCenter} disabled={closed}>
            {t('geo.areas.addCenter')}
          </button>
          <button type="button" className="button-primary" onClick={() => setClosed(true)} disabled={closed || draft.length < 3} data-testid="area-draw-finish">
            {t('geo.areas.finish')}
          </button>
          <button type="button" onClick={reset} disabled={draft.length === 0} data-testid="area-draw-reset">
            {t('geo.areas.reset')}
          </button>
        </div>
      ) : null}
      <Problem error={geometryError || errors.name || errors.population ? null : error} />
      <Success>{done}</Success>
      {ctx.canManage && closed ? (
        <form className="form form-row" onSubmit={save} noValidate aria-labelledby="area-save-heading">
          <h3 id="area-save-heading">{t('geo.areas.saveHeading')}</h3>
          {geometryError ? (
            <p className="field-error" role="alert">
              {geometryError}
            </p>
          ) : null}
          <TextField id="area-name" data-testid="area-name" required label={t('geo.areas.name')} value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} error={errors.name} />
          <TextField id="area-population" inputMode="numeric" label={t('geo.areas.population')} hint={t('geo.optional')} value={form.population} onChange={(e) => setForm((f) => ({ ...f, population: e.target.value }))} error={errors.population} />
          <button type="submit" className="button-primary" data-testid="area-save">
            {t('geo.areas.save')}
          </button>
        </form>
      ) : null}
      <h3>{t('geo.areas.listHeading')}</h3>
      {areas.loading ? <p role="status">{t('common.loading')}</p> : null}
      <Problem error={areas.error} />
      {areas.data && areas.data.items.length === 0 ? <p>{t('geo.areas.empty')}</p> : null}
      {areas.data && areas.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="areas-table">
            <caption className="visually-hidden">{t('geo.areas.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('geo.areas.name')}</th>
                <th scope="col" className="num">
                  {t('geo.areas.population')}
                </th>
                <th scope="col" className="num">
                  {t('geo.coverage.col.registered')}
                </th>
                {ctx.canManage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {areas.data.items.map((a) => (
                <tr key={a.id} data-testid="area-row">
                  <th scope="row">{a.name}</th>
                  <td className="num">{a.population ?? '–'}</td>
                  <td className="num">{registered.get(a.id) ?? '–'}</td>
                  {ctx.canManage ? (
                    <td>
                      <button type="button" className="button-danger button-small" onClick={() => void remove(a)}>
                        {t('common.delete')}
                        <span className="visually-hidden">: {a.name}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ctx.canManage ? <AreasImport slug={ctx.slug} onImported={reloadAll} /> : null}
    </>
  );
}
