// A category's extra fields (Open311 attributes): code, type, label, optional description, required, and for choice
// types the choices, one a line. Ids follow the error keys (`cat-fields-0-code` for `fields.0.code`).
import { Options } from '../../components/Pickers.tsx';
import { REPORT_FIELD_TYPES } from '../../../../common/states.ts';
import { Checkbox, FieldError, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { bindPatch } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { emptyField, type FieldForm } from './categoryForm.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props {
  fields: FieldForm[];
  onChange: (fields: FieldForm[]) => void;
  errors: Record<string, string>;
}

export function FieldsEditor({ fields, onChange, errors }: Props) {
  const { t, tOr } = useI18n();
  const update = (i: number, patch: Partial<FieldForm>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Fieldset data-testid="category-fields" legend={t('reportsSettings.cat.fields')} hint={t('reportsSettings.cat.fieldsHint')}>
      <FieldError id={undefined}>{errors.fields}</FieldError>
      {fields.map((f, i) => {
        const id = (name: string) => `cat-fields-${i}-${name}`;
        const err = (name: string) => errors[`fields.${i}.${name}`];
        const field = bindPatch(f, (patch) => update(i, patch), err);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: fields have no id until saved; their position is who they are
          <Fieldset key={i} className="card category-field" data-testid="category-field" legend={t('reportsSettings.cat.field', { n: i + 1 })}>
            <TextField id={id('label')} label={t('reportsSettings.cat.fieldLabel')} maxLength={120} {...field.text('label')} />
            <TextField
              id={id('code')}
              label={t('reportsSettings.cat.fieldCode')}
              hint={t('reportsSettings.cat.fieldCodeHint')}
              maxLength={40}
              {...field.text('code')}
            />
            <SelectField id={id('datatype')} label={t('reportsSettings.cat.fieldType')} {...field.text('datatype')}>
              <Options choices={REPORT_FIELD_TYPES.map((type) => ({ value: type, label: tOr(`reportsSettings.fieldType.${type}`, type) }))} />
            </SelectField>
            {f.datatype.endsWith('valuelist') ? (
              <TextArea
                id={id('values')}
                rows={4}
                label={t('reportsSettings.cat.fieldChoices')}
                hint={t('reportsSettings.cat.fieldChoicesHint')}
                {...field.text('values')}
              />
            ) : null}
            <TextField
              id={id('description')}
              label={t('reportsSettings.cat.fieldDescription')}
              value={f.description}
              maxLength={500}
              onChange={(e) => update(i, { description: e.target.value })}
            />
            <Checkbox
              id={id('required')}
              label={t('reportsSettings.cat.fieldRequired')}
              checked={f.required}
              onChange={(e) => update(i, { required: e.target.checked })}
            />
            <button type="button" className="button-small button-danger" onClick={() => onChange(fields.filter((_, j) => j !== i))}>
              {t('reportsSettings.cat.fieldRemove')}
              <span className="visually-hidden">: {f.label || t('reportsSettings.cat.field', { n: i + 1 })}</span>
            </button>
          </Fieldset>
        );
      })}
      {fields.length < 20 ? (
        <button type="button" className="button-small" id="cat-fields-add" onClick={() => onChange([...fields, emptyField()])} data-testid="category-field-add">
          {t('reportsSettings.cat.fieldAdd')}
        </button>
      ) : null}
    </Fieldset>
  );
}
