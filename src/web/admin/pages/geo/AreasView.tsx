// Gebiete: areas on a map (click-to-add-vertex drawing) and in a table with registered residents; edit one (name,
// population, redraw with the same drawing flow); GeoJSON import; delete; the municipality's map tiles.
import './geo.css';
import type L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { AreaForm, type AreaFormValues, parsePopulation } from './AreaForm.tsx';
import { AreaMap } from './AreaMap.tsx';
import { AreasImport } from './AreasImport.tsx';
import { AreasTable } from './AreasTable.tsx';
import { TileUrlSetting, useMapSettings } from './TileUrlSetting.tsx';
import type { Area, Coverage, GeoContext, Position } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

const EMPTY: AreaFormValues = { name: '', population: '' };

export default function AreasView({ ctx }: { ctx: GeoContext }) {
  const { t } = useI18n();
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));
  const coverage = useLoad<Coverage>(tenantPath(ctx.slug, '/coverage'));
  const map = useMapSettings(ctx.slug);
  const mapRef = useRef<L.Map | null>(null);
  const [draft, setDraft] = useState<Position[]>([]);
  const [closed, setClosed] = useState(false);
  const [form, setForm] = useState<AreaFormValues>(EMPTY);
  const [editing, setEditing] = useState<Area | null>(null);
  const [redraw, setRedraw] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = { ...fieldErrorMap(error), ...localErrors };
  const geometryError = Object.entries(errors).find(([k]) => k.startsWith('geometry'))?.[1];
  const registered = new Map((coverage.data?.items ?? []).filter((r) => r.kind === 'area').map((r) => [r.id, r.registered]));
  const drawing = ctx.canManage && (editing === null || redraw);
  const editingId = editing?.id ?? null;

  // "Bearbeiten" sits in the table below; take keyboard and screen-reader users to the form it opens
  useEffect(() => {
    if (editingId) document.getElementById('area-edit-name')?.focus();
  }, [editingId]);

  const reloadAll = () => {
    areas.reload();
    coverage.reload();
  };
  const addVertex = (p: Position) => {
    if (!drawing || closed) return;
    setDraft((d) => [...d, p]);
  };
  const addCenter = () => {
    const c = mapRef.current?.getCenter();
    if (c) addVertex([Math.round(c.lng * 1e6) / 1e6, Math.round(c.lat * 1e6) / 1e6]);
  };
  const resetDrawing = () => {
    setDraft([]);
    setClosed(false);
    setError(null);
    setLocalErrors({});
  };
  const startEdit = (a: Area) => {
    resetDrawing();
    setDone(null);
    setEditing(a);
    setRedraw(false);
    setForm({ name: a.name, population: a.population === null ? '' : String(a.population) });
  };
  const stopEdit = () => {
    resetDrawing();
    setEditing(null);
    setRedraw(false);
    setForm(EMPTY);
  };

  /** Checks the form; the values to send, or null after showing what to fix. */
  const checked = () => {
    const population = parsePopulation(form.population);
    const next: Record<string, string> = {};
    if (!form.name.trim()) next.name = t('geo.areas.nameRequired');
    if (population === 'invalid') next.population = t('geo.wholeNumber');
    if (editing && redraw && !closed) next.geometry = t('geo.areas.redrawUnfinished');
    setLocalErrors(next);
    setError(null);
    setDone(null);
    return Object.keys(next).length || population === 'invalid' ? null : { name: form.name.trim(), population };
  };
  const polygon = () => ({ type: 'Polygon', coordinates: [[...draft, draft[0]]] });

  const save = async () => {
    const values = checked();
    if (!values) return;
    try {
      await api.post(tenantPath(ctx.slug, '/areas'), { ...values, population: values.population ?? undefined, geometry: polygon() });
      setDone(t('geo.areas.saved', { name: values.name }));
      setForm(EMPTY);
      resetDrawing();
      reloadAll();
    } catch (e) {
      setError(e);
    }
  };
  const update = async () => {
    const values = checked();
    if (!values || !editing) return;
    try {
      await api.patch(tenantPath(ctx.slug, `/areas/${editing.id}`), { ...values, ...(redraw ? { geometry: polygon() } : {}) });
      stopEdit();
      setDone(t('geo.areas.updated', { name: values.name }));
      reloadAll();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (a: Area) => {
    if (!window.confirm(t('geo.areas.confirmDelete', { name: a.name }))) return;
    if (editing?.id === a.id) stopEdit();
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

  // the new area's form and the edited area's share the values and their errors
  const formState = { value: form, onChange: setForm, errors, geometryError };

  return (
    <>
      <p>{t('geo.areas.intro')}</p>
      {ctx.canManage && map.data ? <TileUrlSetting slug={ctx.slug} settings={map.data} /> : null}
      <p id="areas-map-desc" className="hint">
        {t('geo.areas.mapDescription', { count: areas.data?.items.length ?? 0 })} {drawing ? t('geo.areas.drawHelp') : null}
      </p>
      <AreaMap
        areas={areas.data?.items ?? []}
        draft={draft}
        closed={closed}
        tiles={map.data}
        highlightId={editingId}
        label={t('geo.areas.mapLabel')}
        describedBy="areas-map-desc"
        onAddVertex={addVertex}
        mapRef={mapRef}
      />
      {drawing ? (
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
          <button type="button" onClick={resetDrawing} disabled={draft.length === 0} data-testid="area-draw-reset">
            {t('geo.areas.reset')}
          </button>
        </div>
      ) : null}
      <Problem error={geometryError || errors.name || errors.population ? null : error} />
      <Success>{done}</Success>
      {ctx.canManage && editing === null && closed ? (
        <AreaForm idPrefix="area" heading={t('geo.areas.saveHeading')} {...formState} submitLabel={t('geo.areas.save')} onSubmit={() => void save()} />
      ) : null}
      {ctx.canManage && editing ? (
        <AreaForm
          idPrefix="area-edit"
          heading={t('geo.areas.editHeading', { name: editing.name })}
          {...formState}
          submitLabel={t('geo.areas.saveChanges')}
          onSubmit={() => void update()}
        >
          {redraw ? null : (
            <button type="button" data-testid="area-redraw" onClick={() => setRedraw(true)}>
              {t('geo.areas.redraw')}
            </button>
          )}
          <button type="button" onClick={stopEdit}>
            {t('common.cancel')}
          </button>
        </AreaForm>
      ) : null}
      {redraw ? <p className="hint">{t('geo.areas.redrawHelp')}</p> : null}
      <h3>{t('geo.areas.listHeading')}</h3>
      {areas.loading ? <Loading /> : null}
      <Problem error={areas.error} />
      {areas.data && areas.data.items.length === 0 ? <p>{t('geo.areas.empty')}</p> : null}
      {areas.data && areas.data.items.length > 0 ? (
        <AreasTable
          areas={areas.data.items}
          registered={registered}
          canManage={ctx.canManage}
          editingId={editingId}
          onEdit={startEdit}
          onDelete={(a) => void remove(a)}
        />
      ) : null}
      {ctx.canManage ? <AreasImport slug={ctx.slug} onImported={reloadAll} /> : null}
    </>
  );
}
