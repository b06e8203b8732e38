// Creating or editing a report category: name, Open311 code, group, department, deadlines, auto reply, keywords,
// extra fields and forwarding to a back office (its API key is write-only: typed to set or replace, never shown).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { Checkbox, TextArea, TextField } from '../../components/Field.tsx';
import { departmentChoices, PickerField } from '../../components/Pickers.tsx';
import { SaveCancelRow } from '../../components/EditableList.tsx';
import { type TextKey, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { Department } from '../../types.ts';
import { focusFirst, reportFieldErrors } from '../reports/errors.ts';
import { categoriesPath, type ReportCategory } from '../reports/types.ts';
import { type CategoryForm, categoryBody, checkCategory, toCategoryForm } from './categoryForm.ts';
import { FieldsEditor } from './FieldsEditor.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props {
  slug: string;
  category: ReportCategory | null;
  departments: Department[];
  onSaved: (message: string) => void;
  onCancel: () => void;
}

const idOf = (key: string) => `cat-${key.replaceAll('.', '-')}`;

export function CategoryEditor({ slug, category, departments, onSaved, onCancel }: Props) {
  const { t, tOr } = useI18n();
  const [form, setForm] = useState<CategoryForm>(() => toCategoryForm(category));
  const [local, setLocal] = useState<Record<string, string>>({});
  const { handle, error, busy, reset } = useSubmit();
  const first = useRef<HTMLInputElement>(null);
  const errors: Record<string, string> = {
    ...reportFieldErrors(error),
    ...Object.fromEntries(Object.entries(local).map(([k, v]) => [k, tOr(`reportsSettings.error.${v}`, t('reportsSettings.error.invalid'))])),
  };
  const set =
    <K extends keyof CategoryForm>(key: K) =>
    (value: CategoryForm[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  // a text control named after its key: `cat-<key>`, its value, its change and its error
  const bind = (key: TextKey<CategoryForm>) => ({
    id: idOf(key),
    value: form[key] as string,
    onChange: (e: { target: { value: string } }) => set(key)(e.target.value),
    error: errors[key],
  });

  // a deadline in whole hours, at least one
  const hoursField = (key: 'resolutionHours' | 'firstResponseHours', hint: string) => (
    <TextField {...bind(key)} type="number" inputMode="numeric" min={1} label={t(`reportsSettings.cat.${key}`)} hint={hint} />
  );

  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    const keys = Object.keys(reportFieldErrors(error));
    if (keys.length) focusFirst(keys.map(idOf));
  }, [error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkCategory(form);
    setLocal(found);
    if (Object.keys(found).length) {
      reset();
      focusFirst(Object.keys(found).map((k) => (k === 'fields' ? 'cat-fields-0-code' : idOf(k))));
      return;
    }
    handle(async () => {
      const body = categoryBody(form);
      if (category) {
        if (form.removeForwardApiKey && !form.forwardApiKey.trim()) body.forwardApiKey = null;
        await api.patch(`${categoriesPath(slug)}/${encodeURIComponent(category.id)}`, body);
      } else await api.post(categoriesPath(slug), body);
      onSaved(t(category ? 'reportsSettings.cat.saved' : 'reportsSettings.cat.created', { name: form.name.trim() }));
    })();
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="category-editor-heading" data-testid="category-editor">
      <h4 id="category-editor-heading">{category ? t('reportsSettings.cat.editTitle', { name: category.name }) : t('reportsSettings.cat.newTitle')}</h4>
      <Problem error={error} />
      {Object.keys(local).length ? (
        <p className="alert alert-error" role="alert">
          {t('reportsSettings.checkFields')}
        </p>
      ) : null}
      <TextField {...bind('name')} ref={first} label={t('reportsSettings.cat.name')} maxLength={120} data-testid="category-name" />
      <TextField {...bind('code')} label={t('reportsSettings.cat.code')} hint={t('reportsSettings.cat.codeHint')} maxLength={40} data-testid="category-code" />
      <TextField {...bind('groupName')} label={t('reportsSettings.cat.group')} maxLength={120} />
      <TextArea {...bind('description')} rows={2} label={t('reportsSettings.cat.description')} maxLength={1000} />
      <PickerField
        {...bind('departmentId')}
        label={t('reportsSettings.cat.department')}
        hint={t('reportsSettings.cat.departmentHint')}
        blank={t('reportsSettings.cat.defaultDepartment')}
        choices={departmentChoices(departments)}
      />
      {hoursField('resolutionHours', t('reportsSettings.cat.hoursHint'))}
      {hoursField('firstResponseHours', t('reportsSettings.cat.firstResponseHint'))}
      <TextArea {...bind('autoReply')} rows={3} label={t('reportsSettings.cat.autoReply')} hint={t('reportsSettings.cat.autoReplyHint')} maxLength={2000} />
      <TextField {...bind('keywords')} label={t('reportsSettings.cat.keywords')} hint={t('reportsSettings.cat.keywordsHint')} />
      <TextField {...bind('position')} type="number" inputMode="numeric" min={0} label={t('reportsSettings.cat.position')} />
      <Checkbox
        id="cat-active"
        label={t('reportsSettings.cat.active')}
        hint={t('reportsSettings.cat.activeHint')}
        checked={form.active}
        onChange={(e) => set('active')(e.target.checked)}
      />
      <FieldsEditor fields={form.fields} onChange={set('fields')} errors={errors} />
      <Fieldset legend={t('reportsSettings.cat.forward')} hint={t('reportsSettings.cat.forwardHint')}>
        <TextField
          {...bind('forwardUrl')}
          type="url"
          label={t('reportsSettings.cat.forwardUrl')}
          hint={t('reportsSettings.cat.forwardUrlHint')}
          maxLength={500}
        />
        <TextField {...bind('forwardServiceCode')} label={t('reportsSettings.cat.forwardServiceCode')} maxLength={100} />
        <TextField {...bind('forwardJurisdictionId')} label={t('reportsSettings.cat.forwardJurisdictionId')} maxLength={100} />
        <TextField
          {...bind('forwardApiKey')}
          type="password"
          autoComplete="off"
          label={t('reportsSettings.cat.forwardApiKey')}
          hint={category?.forwardApiKeySet ? t('reportsSettings.cat.forwardApiKeySet') : t('reportsSettings.cat.forwardApiKeyNone')}
          maxLength={500}
        />
        {category?.forwardApiKeySet ? (
          <Checkbox
            id="cat-removeForwardApiKey"
            label={t('reportsSettings.cat.forwardApiKeyRemove')}
            checked={form.removeForwardApiKey}
            onChange={(e) => set('removeForwardApiKey')(e.target.checked)}
          />
        ) : null}
      </Fieldset>
      <SaveCancelRow busy={busy} testId="category-save" onCancel={onCancel} />
    </form>
  );
}
