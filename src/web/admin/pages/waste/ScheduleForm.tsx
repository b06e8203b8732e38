// One schedule: the type, where (a district or a single street), the rule (built, or written as an RRULE), the first
// and last day, and whether public holidays move a date.
import { Options } from '../../components/Pickers.tsx';
import { useState } from 'react';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { CheckboxLabel, type ListFormProps, SaveCancelRow } from '../../components/EditableList.tsx';
import { bindPatch, useSubmit } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { fieldErrorsOf } from './errors.ts';
import { fromRrule, type RuleChoice, toRrule, WEEKDAYS, type Weekday } from './rule.ts';
import { type WasteCtx, wastePath } from './context.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

export interface ScheduleDraft {
  id?: string;
  typeId: string;
  districtId: string | null;
  streetId: string | null;
  rrule: string;
  startsOn: string;
  endsOn: string;
  holidayShift: boolean;
}

interface Props extends ListFormProps<ScheduleDraft> {
  ctx: WasteCtx;
}

export function ScheduleForm({ ctx, draft, onCancel, onSaved }: Props) {
  const { t } = useI18n();
  const [d, setD] = useState(draft);
  const [rule, setRule] = useState<RuleChoice>(fromRrule(draft.rrule));
  const form = useSubmit();
  const errors = fieldErrorsOf(form.error);
  const set = (patch: Partial<ScheduleDraft>) => setD({ ...d, ...patch });
  const field = bindPatch(d, set, (key) => errors[key]);
  const where = d.districtId ? `d:${d.districtId}` : d.streetId ? `s:${d.streetId}` : '';
  const save = form.handle(async () => {
    const { id, ...rest } = d;
    const body = { ...rest, rrule: toRrule(rule) };
    const answer = id
      ? await api.put<{ dates: number }>(wastePath(ctx.slug, `/schedules/${encodeURIComponent(id)}`), { body })
      : await api.post<{ dates: number }>(wastePath(ctx.slug, '/schedules'), body);
    onSaved(t('waste.schedule.saved', { count: answer.dates }));
  });
  const dayOptions = WEEKDAYS.map((w) => (
    <option key={w} value={w}>
      {t(`waste.day.${w}`)}
    </option>
  ));
  return (
    <form onSubmit={save} className="card" data-testid="waste-schedule-form" noValidate>
      <h3>{d.id ? t('waste.schedule.editTitle') : t('waste.schedule.new')}</h3>
      <SelectField id="waste-schedule-type" label={t('waste.schedule.type')} {...field.text('typeId')}>
        {ctx.types
          .filter((x) => !x.onRequest)
          .map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
      </SelectField>
      <SelectField
        id="waste-schedule-target"
        label={t('waste.schedule.target')}
        value={where}
        onChange={(e) => {
          const [kind, id] = e.target.value.split(':');
          set(kind === 'd' ? { districtId: id ?? null, streetId: null } : { districtId: null, streetId: id ?? null });
        }}
        error={errors.districtId ?? errors.streetId}
      >
        <optgroup label={t('waste.view.districts')}>
          <Options choices={ctx.districts.map((x) => ({ value: `d:${x.id}`, label: x.name }))} />
        </optgroup>
        <optgroup label={t('waste.schedule.singleStreets')}>
          <Options choices={ctx.streets.map((x) => ({ value: `s:${x.id}`, label: x.name }))} />
        </optgroup>
      </SelectField>
      <Fieldset legend={t('waste.schedule.rule')}>
        <SelectField
          id="waste-rule-kind"
          label={t('waste.rule.kind')}
          value={rule.kind === 'weekly' ? `w${rule.interval}` : rule.kind}
          onChange={(e) => {
            const v = e.target.value;
            const day: Weekday = rule.kind === 'custom' ? 'MO' : rule.day;
            if (v === 'monthly') setRule({ kind: 'monthly', nth: 1, day });
            else if (v === 'custom') setRule({ kind: 'custom', rrule: toRrule(rule) });
            else setRule({ kind: 'weekly', interval: Number(v.slice(1)), day });
          }}
        >
          <option value="w1">{t('waste.rule.w1')}</option>
          <option value="w2">{t('waste.rule.w2')}</option>
          <option value="w4">{t('waste.rule.w4')}</option>
          <option value="monthly">{t('waste.rule.monthly')}</option>
          <option value="custom">{t('waste.rule.custom')}</option>
        </SelectField>
        {rule.kind === 'monthly' ? (
          <SelectField
            id="waste-rule-nth"
            label={t('waste.rule.nth')}
            value={String(rule.nth)}
            onChange={(e) => setRule({ ...rule, nth: Number(e.target.value) })}
          >
            <Options choices={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t('waste.rule.nthValue', { n }) }))} />
          </SelectField>
        ) : null}
        {rule.kind !== 'custom' ? (
          <SelectField id="waste-rule-day" label={t('waste.rule.day')} value={rule.day} onChange={(e) => setRule({ ...rule, day: e.target.value as Weekday })}>
            {dayOptions}
          </SelectField>
        ) : (
          <TextField
            id="waste-rule-rrule"
            label={t('waste.rule.rrule')}
            hint={t('waste.rule.rruleHint')}
            value={rule.rrule}
            onChange={(e) => setRule({ kind: 'custom', rrule: e.target.value })}
            error={errors.rrule}
          />
        )}
        {rule.kind !== 'custom' && errors.rrule ? <p className="field-error">{errors.rrule}</p> : null}
      </Fieldset>
      <TextField id="waste-schedule-from" type="date" label={t('waste.schedule.from')} {...field.text('startsOn')} />
      <TextField id="waste-schedule-to" type="date" label={t('waste.schedule.to')} hint={t('waste.schedule.toHint')} {...field.text('endsOn')} />
      <CheckboxLabel checked={d.holidayShift} onChange={(holidayShift) => set({ holidayShift })}>
        {t('waste.schedule.holidayShift')}
      </CheckboxLabel>
      <SaveCancelRow error={form.error} busy={form.busy} testId="waste-schedule-save" onCancel={onCancel} />
    </form>
  );
}
