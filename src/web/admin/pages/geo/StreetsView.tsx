// Straßen: the tenant's street list with search, inline population edit and delete; CSV upload with a row-by-row report.
import { type FormEvent, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { editDeleteColumn, SaveCancelButtons } from '../../components/RowActions.tsx';
import { TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { GeoFileImport } from './FileImportForm.tsx';
import type { GeoContext, Street } from './types.ts';

export function StreetsView({ ctx }: { ctx: GeoContext }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const streets = useLoad<{ items: Street[] }>(tenantPath(ctx.slug, `/streets${q ? `?q=${encodeURIComponent(q)}` : ''}`));
  const { error, done, run } = useAction();
  const [editingId, setEditingId] = useState<string | null>(null);
  const remove = (s: Street) => {
    if (!window.confirm(t('geo.streets.confirmDelete', { name: s.name }))) return;
    void run(() => api.del(tenantPath(ctx.slug, `/streets/${s.id}`)), t('geo.streets.deleted', { name: s.name }));
  };
  const savePopulation = async (s: Street, population: number | null) => {
    if (await run(() => api.patch(tenantPath(ctx.slug, `/streets/${s.id}`), { population }), t('common.saved'))) setEditingId(null);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };

  return (
    <>
      <search aria-label={t('geo.streets.searchLabel')}>
        <form className="form form-row" onSubmit={search} noValidate>
          <TextField id="streets-q" type="search" label={t('geo.streets.search')} value={draft} onValue={setDraft} autoComplete="off" />
          <button type="submit" className="button-primary">
            {t('residents.search.submit')}
          </button>
        </form>
      </search>
      <Problem error={error ?? streets.error} />
      <Success>{done}</Success>
      <DataTable
        caption={t('geo.streets.caption')}
        testId="streets-table"
        rows={streets.data?.items ?? []}
        rowTestId="street-row"
        loading={streets.loading}
        empty={q ? t('geo.streets.noMatch') : t('geo.streets.empty')}
        columns={[
          { key: 'name', header: t('geo.streets.col.name'), rowHeader: true, cell: (s) => s.name },
          { key: 'postcode', header: t('geo.streets.col.postcode'), cell: (s) => s.postcode },
          { key: 'district', header: t('geo.streets.col.district'), cell: (s) => s.district ?? '–' },
          { key: 'ranges', header: t('geo.streets.col.ranges'), cell: rangesText },
          {
            key: 'population',
            header: t('geo.streets.col.population'),
            cell: (s) =>
              editingId === s.id ? (
                <PopulationForm street={s} onCancel={() => setEditingId(null)} onSave={(population) => savePopulation(s, population)} />
              ) : (
                (s.population ?? '–')
              ),
          },
          {
            key: 'points',
            header: t('geo.streets.col.points'),
            cell: (s) => (s.points ? s.points : <span className="hint">{t('geo.streets.noPoints')}</span>),
          },
          ctx.canManage &&
            editDeleteColumn<Street>({
              header: t('common.actions'),
              editLabel: t('geo.streets.editPopulation'),
              onEdit: (s) => setEditingId(s.id),
              onDelete: remove,
              editingId: editingId,
              whileEditing: 'hide',
            }),
        ]}
      />
      {ctx.canManage ? <GeoFileImport kind="streets" slug={ctx.slug} onImported={streets.reload} /> : null}
      {ctx.canManage ? <GeoFileImport kind="points" slug={ctx.slug} onImported={streets.reload} /> : null}
    </>
  );
}

const rangesText = (s: Street) => s.ranges.map((r) => `${r.from}–${r.to}${r.parity === 'odd' ? ' (u)' : r.parity === 'even' ? ' (g)' : ''}`).join(', ') || '–';

function PopulationForm({ street, onSave, onCancel }: { street: Street; onSave: (population: number | null) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
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
    await onSave(population);
  };

  return (
    <form className="inline-form" onSubmit={save} noValidate>
      <label htmlFor={inputId} className="visually-hidden">
        {t('geo.streets.populationOf', { name: street.name })}
      </label>
      <input
        id={inputId}
        inputMode="numeric"
        size={8}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${inputId}-error` : undefined}
      />
      <SaveCancelButtons onCancel={onCancel} />
      {invalid ? (
        <p className="field-error" id={`${inputId}-error`} role="alert">
          {t('geo.wholeNumber')}
        </p>
      ) : null}
    </form>
  );
}
