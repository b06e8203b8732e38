// The name and population of an area, for a new one (after its polygon is closed) and for editing one.
import type { FormEvent, ReactNode } from 'react';
import { FieldError, TextField } from '../../components/Field.tsx';
import { bindNamed, type ValueProps } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';

export interface AreaFormValues {
  name: string;
  population: string;
}

interface Props extends ValueProps<AreaFormValues> {
  /** Starts the form's ids and test ids; each field's is `<idPrefix>-<key>`. */
  idPrefix: string;
  heading: string;
  /** A problem with the outline (from the server, or a redraw not yet closed). */
  geometryError?: string;
  submitLabel: string;
  onSubmit: () => void;
  /** Further buttons after the submit button (redraw, cancel). */
  children?: ReactNode;
}

/** '' for unknown, a whole number ≥ 0, or 'invalid'. */
export function parsePopulation(text: string): number | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;
  return /^\d{1,9}$/.test(value) ? Number(value) : 'invalid';
}

export function AreaForm({ idPrefix, heading, value, onChange, errors, geometryError, submitLabel, onSubmit, children }: Props) {
  const { t } = useI18n();
  const field = bindNamed(
    value,
    (patch) => onChange({ ...value, ...patch }),
    (key) => errors[key],
    (key) => `${idPrefix}-${key}`,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="form form-row area-form" onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-heading`} data-testid={`${idPrefix}-form`}>
      <h3 id={`${idPrefix}-heading`}>{heading}</h3>
      <FieldError id={undefined}>{geometryError}</FieldError>
      <TextField data-testid={`${idPrefix}-name`} required label={t('geo.areas.name')} {...field.text('name')} />
      <TextField
        data-testid={`${idPrefix}-population`}
        inputMode="numeric"
        label={t('geo.areas.population')}
        hint={t('geo.optional')}
        {...field.text('population')}
      />
      <button type="submit" className="button-primary" data-testid={`${idPrefix}-save`}>
        {submitLabel}
      </button>
      {children}
    </form>
  );
}
