// A category's extra fields as form controls, by type: one-line and multi-line text, number, date, one choice
// (select) or several (checkboxes). Ids `attr-<code>`; errors come keyed `attributes.<code>`.
import { Options } from '../../components/Pickers.tsx';
import type { ReportFieldDef } from '../../../../common/contracts/reports.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

export type AttributeValues = Record<string, string | string[]>;

/** The values as the API takes them: numbers as numbers, lists as lists, empty ones left out. */
export function attributesBody(fields: ReportFieldDef[], values: AttributeValues): Record<string, string | number | string[]> {
  const body: Record<string, string | number | string[]> = {};
  for (const f of fields) {
    const v = values[f.code];
    if (Array.isArray(v)) {
      if (v.length) body[f.code] = v;
    } else if (v?.trim()) body[f.code] = f.datatype === 'number' && /^-?\d+([.,]\d+)?$/.test(v.trim()) ? Number(v.trim().replace(',', '.')) : v.trim();
  }
  return body;
}

/** Required fields left empty (their error keys). */
export function missingAttributes(fields: ReportFieldDef[], values: AttributeValues): string[] {
  const body = attributesBody(fields, values);
  return fields.filter((f) => f.required && !(f.code in body)).map((f) => `attributes.${f.code}`);
}

interface Props {
  fields: ReportFieldDef[];
  values: AttributeValues;
  onChange: (values: AttributeValues) => void;
  errors: Record<string, string>;
}

export function AttributeFields({ fields, values, onChange, errors }: Props) {
  const { t } = useI18n();
  const set = (code: string, v: string | string[]) => onChange({ ...values, [code]: v });
  return (
    <>
      {fields.map((f) => {
        const id = `attr-${f.code}`;
        const label = f.required ? t('reports.new.requiredLabel', { label: f.label }) : f.label;
        const common = { id, label, hint: f.description, error: errors[`attributes.${f.code}`] };
        const text = typeof values[f.code] === 'string' ? (values[f.code] as string) : '';
        if (f.datatype === 'text')
          return <TextArea key={f.code} {...common} rows={3} value={text} maxLength={1000} onChange={(e) => set(f.code, e.target.value)} />;
        if (f.datatype === 'singlevaluelist')
          return (
            <SelectField key={f.code} {...common} value={text} onChange={(e) => set(f.code, e.target.value)}>
              <Options blank={t('reports.new.choose')} choices={(f.values ?? []).map((v) => ({ value: v.key, label: v.name }))} />
            </SelectField>
          );
        if (f.datatype === 'multivaluelist') {
          const picked = Array.isArray(values[f.code]) ? (values[f.code] as string[]) : [];
          return (
            <Fieldset key={f.code} aria-describedby={common.error ? `${id}-error` : undefined} legend={label}>
              {(f.values ?? []).map((v) => (
                <Checkbox
                  key={v.key}
                  id={`${id}-${v.key}`}
                  label={v.name}
                  checked={picked.includes(v.key)}
                  onChange={(e) => set(f.code, e.target.checked ? [...picked, v.key] : picked.filter((k) => k !== v.key))}
                />
              ))}
              {common.error ? (
                <p className="field-error" id={`${id}-error`} role="alert">
                  {common.error}
                </p>
              ) : null}
            </Fieldset>
          );
        }
        if (f.datatype === 'number')
          return <TextField key={f.code} {...common} inputMode="decimal" value={text} onChange={(e) => set(f.code, e.target.value)} />;
        if (f.datatype === 'datetime') return <TextField key={f.code} {...common} type="date" value={text} onChange={(e) => set(f.code, e.target.value)} />;
        return <TextField key={f.code} {...common} value={text} maxLength={1000} onChange={(e) => set(f.code, e.target.value)} />;
      })}
    </>
  );
}
