// Creating or editing a report category: name, Open311 code, group, department, deadlines, auto reply, keywords,
// extra fields and forwarding to a back office (its API key is write-only: typed to set or replace, never shown).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { Department } from '../../types.ts';
import { focusFirst, reportFieldErrors } from '../reports/errors.ts';
import { categoriesPath, type ReportCategory } from '../reports/types.ts';
import { type CategoryForm, categoryBody, checkCategory, toCategoryForm } from './categoryForm.ts';
import { FieldsEditor } from './FieldsEditor.tsx';

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
      <TextField
        id="cat-name"
        ref={first}
        label={t('reportsSettings.cat.name')}
        value={form.name}
        maxLength={120}
        onChange={(e) => set('name')(e.target.value)}
        error={errors.name}
        data-testid="category-name"
      />
      <TextField
        id="cat-code"
        label={t('reportsSettings.cat.code')}
        hint={t('reportsSettings.cat.codeHint')}
        value={form.code}
        maxLength={40}
        onChange={(e) => set('code')(e.target.value)}
        error={errors.code}
        data-testid="category-code"
      />
      <TextField
        id="cat-groupName"
        label={t('reportsSettings.cat.group')}
        value={form.groupName}
        maxLength={120}
        onChange={(e) => set('groupName')(e.target.value)}
        error={errors.groupName}
      />
      <TextArea
        id="cat-description"
        rows={2}
        label={t('reportsSettings.cat.description')}
        value={form.description}
        maxLength={1000}
        onChange={(e) => set('description')(e.target.value)}
        error={errors.description}
      />
      <SelectField
        id="cat-departmentId"
        label={t('reportsSettings.cat.department')}
        hint={t('reportsSettings.cat.departmentHint')}
        value={form.departmentId}
        onChange={(e) => set('departmentId')(e.target.value)}
        error={errors.departmentId}
      >
        <option value="">{t('reportsSettings.cat.defaultDepartment')}</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <TextField
        id="cat-resolutionHours"
        type="number"
        inputMode="numeric"
        min={1}
        label={t('reportsSettings.cat.resolutionHours')}
        hint={t('reportsSettings.cat.hoursHint')}
        value={form.resolutionHours}
        onChange={(e) => set('resolutionHours')(e.target.value)}
        error={errors.resolutionHours}
      />
      <TextField
        id="cat-firstResponseHours"
        type="number"
        inputMode="numeric"
        min={1}
        label={t('reportsSettings.cat.firstResponseHours')}
        hint={t('reportsSettings.cat.firstResponseHint')}
        value={form.firstResponseHours}
        onChange={(e) => set('firstResponseHours')(e.target.value)}
        error={errors.firstResponseHours}
      />
      <TextArea
        id="cat-autoReply"
        rows={3}
        label={t('reportsSettings.cat.autoReply')}
        hint={t('reportsSettings.cat.autoReplyHint')}
        value={form.autoReply}
        maxLength={2000}
        onChange={(e) => set('autoReply')(e.target.value)}
        error={errors.autoReply}
      />
      <TextField
        id="cat-keywords"
        label={t('reportsSettings.cat.keywords')}
        hint={t('reportsSettings.cat.keywordsHint')}
        value={form.keywords}
        onChange={(e) => set('keywords')(e.target.value)}
        error={errors.keywords}
      />
      <TextField
        id="cat-position"
        type="number"
        inputMode="numeric"
        min={0}
        label={t('reportsSettings.cat.position')}
        value={form.position}
        onChange={(e) => set('position')(e.target.value)}
        error={errors.position}
      />
      <Checkbox
        id="cat-active"
        label={t('reportsSettings.cat.active')}
        hint={t('reportsSettings.cat.activeHint')}
        checked={form.active}
        onChange={(e) => set('active')(e.target.checked)}
      />
      <FieldsEditor fields={form.fields} onChange={set('fields')} errors={errors} />
      <fieldset>
        <legend>{t('reportsSettings.cat.forward')}</legend>
        <p className="hint">{t('reportsSettings.cat.forwardHint')}</p>
        <TextField
          id="cat-forwardUrl"
          type="url"
          label={t('reportsSettings.cat.forwardUrl')}
          hint={t('reportsSettings.cat.forwardUrlHint')}
          value={form.forwardUrl}
          maxLength={500}
          onChange={(e) => set('forwardUrl')(e.target.value)}
          error={errors.forwardUrl}
        />
        <TextField
          id="cat-forwardServiceCode"
          label={t('reportsSettings.cat.forwardServiceCode')}
          value={form.forwardServiceCode}
          maxLength={100}
          onChange={(e) => set('forwardServiceCode')(e.target.value)}
          error={errors.forwardServiceCode}
        />
        <TextField
          id="cat-forwardJurisdictionId"
          label={t('reportsSettings.cat.forwardJurisdictionId')}
          value={form.forwardJurisdictionId}
          maxLength={100}
          onChange={(e) => set('forwardJurisdictionId')(e.target.value)}
          error={errors.forwardJurisdictionId}
        />
        <TextField
          id="cat-forwardApiKey"
          type="password"
          autoComplete="off"
          label={t('reportsSettings.cat.forwardApiKey')}
          hint={category?.forwardApiKeySet ? t('reportsSettings.cat.forwardApiKeySet') : t('reportsSettings.cat.forwardApiKeyNone')}
          value={form.forwardApiKey}
          maxLength={500}
          onChange={(e) => set('forwardApiKey')(e.target.value)}
          error={errors.forwardApiKey}
        />
        {category?.forwardApiKeySet ? (
          <Checkbox
            id="cat-removeForwardApiKey"
            label={t('reportsSettings.cat.forwardApiKeyRemove')}
            checked={form.removeForwardApiKey}
            onChange={(e) => set('removeForwardApiKey')(e.target.checked)}
          />
        ) : null}
      </fieldset>
      <p className="button-row">
        <SubmitButton busy={busy} testId="category-save">
          {t('common.save')}
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}
