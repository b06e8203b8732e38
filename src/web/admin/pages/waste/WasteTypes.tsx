// Collection types (Restmüll, Bio, Papier, Gelbe Tonne, Sperrmüll on request): their colour, order and the text
// residents read; a type with dates cannot be deleted (409), it is switched off instead.
import { useState } from 'react';
import type { WasteType } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { CheckboxLabel, EditableList, type ListFormProps, SaveCancelRow, useEditableList } from '../../components/EditableList.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { bindPatch, useSubmit } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { fieldErrorsOf } from './errors.ts';
import { namedRowActions } from './rowActions.ts';
import { type WasteCtx, wastePath } from './context.ts';

const blank = { code: '', name: '', color: '#666666', onRequest: false, info: '', position: 0, active: true };
type Draft = typeof blank & { id?: string };

export function WasteTypes({ ctx }: { ctx: WasteCtx }) {
  const { t } = useI18n();
  const list = useEditableList<Draft>();
  const columns: Array<Column<WasteType> | false> = [
    {
      key: 'name',
      header: t('waste.type.name'),
      rowHeader: true,
      cell: (x) => (
        <>
          <span className="waste-swatch" style={{ background: x.color }} aria-hidden="true" /> {x.name}
        </>
      ),
    },
    { key: 'code', header: t('waste.type.code'), cell: (x) => <code>{x.code}</code> },
    { key: 'kind', header: t('waste.type.kind'), cell: (x) => (x.onRequest ? t('waste.onRequest') : t('waste.type.scheduled')) },
    { key: 'active', header: t('waste.type.state'), cell: (x) => (x.active ? t('waste.type.active') : t('waste.type.inactive')) },
    ctx.canManage && namedRowActions(ctx, list, t, 'type', (x) => ({ ...x })),
  ];
  return (
    <EditableList
      intro={t('waste.type.intro')}
      error={list.error}
      done={list.done}
      table={<DataTable caption={t('waste.view.types')} columns={columns} rows={ctx.types} empty={t('waste.type.empty')} testId="waste-types" />}
      add={
        ctx.canManage && !list.draft
          ? { label: t('waste.type.new'), testId: 'waste-type-new', onClick: () => list.edit({ ...blank, position: ctx.types.length }) }
          : null
      }
      form={list.draft ? <TypeForm ctx={ctx} draft={list.draft} onCancel={list.close} onSaved={list.saved} /> : null}
    />
  );
}

interface FormProps extends ListFormProps<Draft> {
  ctx: WasteCtx;
}

function TypeForm({ ctx, draft: initial, onCancel, onSaved }: FormProps) {
  const { t } = useI18n();
  const [d, setD] = useState(initial);
  const form = useSubmit();
  const errors = fieldErrorsOf(form.error);
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const field = bindPatch(d, set, (key) => errors[key]);
  const save = form.handle(async () => {
    const { id, ...body } = d;
    if (id) await api.patch(wastePath(ctx.slug, `/types/${encodeURIComponent(id)}`), body);
    else await api.post(wastePath(ctx.slug, '/types'), body);
    onSaved(t('waste.type.saved', { name: d.name }));
  });
  return (
    <form onSubmit={save} className="card" data-testid="waste-type-form" noValidate>
      <h3>{d.id ? t('waste.type.editTitle', { name: initial.name }) : t('waste.type.new')}</h3>
      <TextField id="waste-type-name" label={t('waste.type.name')} {...field.text('name')} required />
      <TextField id="waste-type-code" label={t('waste.type.code')} hint={t('waste.type.codeHint')} {...field.text('code')} required />
      <TextField id="waste-type-color" type="color" label={t('waste.type.color')} {...field.text('color')} />
      <CheckboxLabel checked={d.onRequest} onChange={(onRequest) => set({ onRequest })}>
        {t('waste.type.onRequest')}
      </CheckboxLabel>
      <TextArea id="waste-type-info" rows={3} label={t('waste.type.info')} hint={t('waste.type.infoHint')} {...field.text('info')} />
      <CheckboxLabel checked={d.active} onChange={(active) => set({ active })}>
        {t('waste.type.active')}
      </CheckboxLabel>
      <SaveCancelRow error={form.error} busy={form.busy} testId="waste-type-save" onCancel={onCancel} />
    </form>
  );
}
