// Collection districts (Abfuhrbezirke): a name and its streets. A street belongs to one district: saving a district
// takes its streets from any other.
import { useState } from 'react';
import type { WasteDistrict } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { fieldErrorsOf } from './errors.ts';
import { type WasteCtx, wastePath } from './context.ts';

type Draft = { id?: string; name: string; streetIds: string[] };

export function WasteDistricts({ ctx }: { ctx: WasteCtx }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft | null>(null);
  const { error, done, run, busy } = useAction(() => setDraft(null));
  const streetName = new Map(ctx.streets.map((s) => [s.id, s.name]));
  const columns: Array<Column<WasteDistrict> | false> = [
    { key: 'name', header: t('waste.district.name'), rowHeader: true, cell: (x) => x.name },
    {
      key: 'streets',
      header: t('waste.district.streets'),
      cell: (x) =>
        x.streetIds
          .map((id) => streetName.get(id) ?? '?')
          .sort((a, b) => a.localeCompare(b, 'de'))
          .join(', ') || t('waste.district.noStreets'),
    },
    ctx.canManage && {
      key: 'actions',
      header: t('common.actions'),
      cell: (x) => (
        <span className="button-row">
          <button type="button" className="button-small" disabled={busy} onClick={() => setDraft({ id: x.id, name: x.name, streetIds: [...x.streetIds] })}>
            {t('waste.edit')}
            <span className="visually-hidden">: {x.name}</span>
          </button>
          <button
            type="button"
            className="button-small button-danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('waste.district.deleteConfirm', { name: x.name })))
                void run(() => api.del(wastePath(ctx.slug, `/districts/${encodeURIComponent(x.id)}`)), t('waste.district.deleted', { name: x.name }));
            }}
          >
            {t('common.delete')}
            <span className="visually-hidden">: {x.name}</span>
          </button>
        </span>
      ),
    },
  ];
  return (
    <>
      <p className="hint">{t('waste.district.intro')}</p>
      <Problem error={error} />
      <Success>{done}</Success>
      <DataTable
        caption={t('waste.view.districts')}
        columns={columns}
        rows={ctx.districts}
        rowKey={(x) => x.id}
        empty={t('waste.district.empty')}
        testId="waste-districts"
      />
      {ctx.canManage && !draft ? (
        <p>
          <button type="button" onClick={() => setDraft({ name: '', streetIds: [] })} data-testid="waste-district-new">
            {t('waste.district.new')}
          </button>
        </p>
      ) : null}
      {draft ? <DistrictForm ctx={ctx} draft={draft} onCancel={() => setDraft(null)} onSaved={(m) => void run(async () => undefined, m)} /> : null}
    </>
  );
}

interface FormProps {
  ctx: WasteCtx;
  draft: Draft;
  onCancel: () => void;
  onSaved: (message: string) => void;
}

function DistrictForm({ ctx, draft, onCancel, onSaved }: FormProps) {
  const { t } = useI18n();
  const [name, setName] = useState(draft.name);
  const [chosen, setChosen] = useState(new Set(draft.streetIds));
  const [filter, setFilter] = useState('');
  const form = useSubmit();
  const errors = fieldErrorsOf(form.error);
  const owner = new Map(ctx.districts.flatMap((d) => (d.id === draft.id ? [] : d.streetIds.map((s) => [s, d.name] as const))));
  const shown = ctx.streets.filter((s) => s.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const save = form.handle(async () => {
    const body = { name, streetIds: [...chosen] };
    if (draft.id) await api.patch(wastePath(ctx.slug, `/districts/${encodeURIComponent(draft.id)}`), body);
    else await api.post(wastePath(ctx.slug, '/districts'), body);
    onSaved(t('waste.district.saved', { name }));
  });
  return (
    <form onSubmit={save} className="card" data-testid="waste-district-form" noValidate>
      <h3>{draft.id ? t('waste.district.editTitle', { name: draft.name }) : t('waste.district.new')}</h3>
      <TextField
        id="waste-district-name"
        label={t('waste.district.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        required
      />
      <fieldset>
        <legend>{t('waste.district.streets')}</legend>
        <TextField id="waste-district-filter" type="search" label={t('waste.district.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ul className="checkbox-list">
          {shown.map((s) => (
            <li key={s.id}>
              <label>
                <input type="checkbox" checked={chosen.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} /> {s.name}
                {owner.has(s.id) && !chosen.has(s.id) ? <span className="hint"> ({t('waste.district.inOther', { name: owner.get(s.id) ?? '' })})</span> : null}
              </label>
            </li>
          ))}
        </ul>
        {errors.streetIds ? <p className="field-error">{errors.streetIds}</p> : null}
      </fieldset>
      <Problem error={form.error} />
      <p className="button-row">
        <SubmitButton busy={form.busy} testId="waste-district-save">
          {t('common.save')}
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}
