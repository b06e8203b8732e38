// Collection districts (Abfuhrbezirke): a name and its streets. A street belongs to one district: saving a district
// takes its streets from any other.
import { useState } from 'react';
import type { WasteDistrict } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EditableList, type ListFormProps, SaveCancelRow, useEditableList } from '../../components/EditableList.tsx';
import { TextField } from '../../components/Field.tsx';
import { useSubmit } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { fieldErrorsOf } from './errors.ts';
import { namedRowActions } from './rowActions.ts';
import { type WasteCtx, wastePath } from './context.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

type Draft = { id?: string; name: string; streetIds: string[] };

export function WasteDistricts({ ctx }: { ctx: WasteCtx }) {
  const { t } = useI18n();
  const list = useEditableList<Draft>();
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
    ctx.canManage && namedRowActions(ctx, list, t, 'district', (x) => ({ id: x.id, name: x.name, streetIds: [...x.streetIds] })),
  ];
  return (
    <EditableList
      intro={t('waste.district.intro')}
      error={list.error}
      done={list.done}
      table={
        <DataTable caption={t('waste.view.districts')} columns={columns} rows={ctx.districts} empty={t('waste.district.empty')} testId="waste-districts" />
      }
      add={
        ctx.canManage && !list.draft
          ? { label: t('waste.district.new'), testId: 'waste-district-new', onClick: () => list.edit({ name: '', streetIds: [] }) }
          : null
      }
      form={list.draft ? <DistrictForm ctx={ctx} draft={list.draft} onCancel={list.close} onSaved={list.saved} /> : null}
    />
  );
}

interface FormProps extends ListFormProps<Draft> {
  ctx: WasteCtx;
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
      <TextField id="waste-district-name" label={t('waste.district.name')} value={name} onValue={setName} error={errors.name} required />
      <Fieldset legend={t('waste.district.streets')}>
        <TextField id="waste-district-filter" type="search" label={t('waste.district.filter')} value={filter} onValue={setFilter} />
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
      </Fieldset>
      <SaveCancelRow error={form.error} busy={form.busy} testId="waste-district-save" onCancel={onCancel} />
    </form>
  );
}
