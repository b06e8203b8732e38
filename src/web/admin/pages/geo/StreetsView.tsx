// Straßen: the tenant's street list with search, inline population edit and delete; CSV upload with a row-by-row report.
import { type FormEvent, useRef, useState } from 'react';
import { api, request, tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { AddressPointsUpload } from './AddressPointsUpload.tsx';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { GeoContext, Street, StreetImportResult } from './types.ts';

export function StreetsView({ ctx }: { ctx: GeoContext }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const streets = useLoad<{ items: Street[] }>(tenantPath(ctx.slug, `/streets${q ? `?q=${encodeURIComponent(q)}` : ''}`));
  const { error, done, run } = useAction(() => streets.reload());
  const remove = (s: Street) => {
    if (!window.confirm(t('geo.streets.confirmDelete', { name: s.name }))) return;
    void run(() => api.del(tenantPath(ctx.slug, `/streets/${s.id}`)), t('geo.streets.deleted', { name: s.name }));
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };

  return (
    <>
      <search aria-label={t('geo.streets.searchLabel')}>
        <form className="form form-row" onSubmit={search} noValidate>
          <TextField id="streets-q" type="search" label={t('geo.streets.search')} value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" />
          <button type="submit" className="button-primary">
            {t('residents.search.submit')}
          </button>
        </form>
      </search>
      <Problem error={error ?? streets.error} />
      <Success>{done}</Success>
      {streets.loading ? <p role="status">{t('common.loading')}</p> : null}
      {streets.data && streets.data.items.length === 0 ? <p>{q ? t('geo.streets.noMatch') : t('geo.streets.empty')}</p> : null}
      {streets.data && streets.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="streets-table">
            <caption className="visually-hidden">{t('geo.streets.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('geo.streets.col.name')}</th>
                <th scope="col">{t('geo.streets.col.postcode')}</th>
                <th scope="col">{t('geo.streets.col.district')}</th>
                <th scope="col">{t('geo.streets.col.ranges')}</th>
                <th scope="col">{t('geo.streets.col.population')}</th>
                <th scope="col">{t('geo.streets.col.points')}</th>
                {ctx.canManage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {streets.data.items.map((s) => (
                <StreetRow key={s.id} street={s} canManage={ctx.canManage} onDelete={() => remove(s)} onSave={(population) => run(() => api.patch(tenantPath(ctx.slug, `/streets/${s.id}`), { population }), t('common.saved'))} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ctx.canManage ? <StreetUpload slug={ctx.slug} onImported={streets.reload} /> : null}
      {ctx.canManage ? <AddressPointsUpload slug={ctx.slug} onImported={streets.reload} /> : null}
    </>
  );
}

const rangesText = (s: Street) => s.ranges.map((r) => `${r.from}–${r.to}${r.parity === 'odd' ? ' (u)' : r.parity === 'even' ? ' (g)' : ''}`).join(', ') || '–';

function StreetRow({ street, canManage, onSave, onDelete }: { street: Street; canManage: boolean; onSave: (population: number | null) => Promise<boolean>; onDelete: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(street.population === null ? '' : String(street.population));
  const [invalid, setInvalid] = useState(false);
  const inputId = `street-pop-${street.id}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const text = value.trim();
    const population = text === '' ? null : Number(text);
    if (population !== null && (!Number.isInteger(population) || population < 0)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (await onSave(population)) setEditing(false);
  };

  return (
    <tr data-testid="street-row">
      <th scope="row">{street.name}</th>
      <td>{street.postcode}</td>
      <td>{street.district ?? '–'}</td>
      <td>{rangesText(street)}</td>
      <td>
        {editing ? (
          <form className="inline-form" onSubmit={save} noValidate>
            <label htmlFor={inputId} className="visually-hidden">
              {t('geo.streets.populationOf', { name: street.name })}
            </label>
            <input id={inputId} inputMode="numeric" size={8} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${inputId}-error` : undefined} />
            <button type="submit" className="button-primary button-small">
              {t('common.save')}
            </button>
            <button type="button" className="button-small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            {invalid ? (
              <p className="field-error" id={`${inputId}-error`} role="alert">
                {t('geo.wholeNumber')}
              </p>
            ) : null}
          </form>
        ) : (
          (street.population ?? '–')
        )}
      </td>
      <td>{street.points ? street.points : <span className="hint">{t('geo.streets.noPoints')}</span>}</td>
      {canManage ? (
        <td>
          {editing ? null : (
            <button type="button" className="button-small" onClick={() => setEditing(true)}>
              {t('geo.streets.editPopulation')}
              <span className="visually-hidden">: {street.name}</span>
            </button>
          )}{' '}
          <button type="button" className="button-danger button-small" onClick={onDelete}>
            {t('common.delete')}
            <span className="visually-hidden">: {street.name}</span>
          </button>
        </td>
      ) : null}
    </tr>
  );
}

function StreetUpload({ slug, onImported }: { slug: string; onImported: () => void }) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<StreetImportResult | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    setMissingFile(!chosen);
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const query = allOrNothing ? '?mode=all-or-nothing' : '';
      const result = await request<StreetImportResult>('POST', tenantPath(slug, `/streets/import${query}`), { raw: { data: chosen, contentType: 'text/csv' } });
      setReport(result);
      onImported();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-labelledby="streets-upload-heading">
      <h3 id="streets-upload-heading">{t('geo.streets.upload')}</h3>
      <p className="hint">{t('geo.streets.uploadHint')}</p>
      <Problem error={error} />
      <div className="field">
        <label htmlFor="streets-file">{t('geo.streets.file')}</label>
        <input ref={file} id="streets-file" type="file" accept=".csv,text/csv" data-testid="streets-upload" aria-invalid={missingFile || undefined} aria-describedby={missingFile ? 'streets-file-error' : undefined} />
        {missingFile ? (
          <p className="field-error" id="streets-file-error" role="alert">
            {t('geo.chooseFile')}
          </p>
        ) : null}
      </div>
      <Checkbox id="streets-all-or-nothing" label={t('geo.allOrNothing')} hint={t('geo.allOrNothingHint')} checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />
      <button type="submit" className="button-primary" disabled={busy} data-testid="streets-upload-submit">
        {t('geo.streets.uploadSubmit')}
      </button>
      {busy ? <p role="status">{t('geo.uploading')}</p> : null}
      {report ? (
        <div data-testid="streets-report">
          <p role="status">{report.committed ? t('geo.streets.reportImported', { count: report.imported }) : t('geo.streets.reportNothing')}</p>
          <RowErrorTable errors={report.errors} caption={t('geo.reportCaption')} />
        </div>
      ) : null}
    </form>
  );
}

